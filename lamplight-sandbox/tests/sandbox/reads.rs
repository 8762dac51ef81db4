//! Reads: workareas, work records, profiles, paging, filters, `near`, path-segment parameters.

use serde_json::{Value, json};

use crate::common::{Api, assert_error};

fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("data is not a list: {body}"))
        .iter()
        .map(|item| match &item["id"] {
            Value::String(id) => id.clone(),
            other => other.to_string(),
        })
        .collect()
}

#[tokio::test]
async fn workarea_all_lists_the_two_level_tree() {
    let api = Api::demo().await;
    let (status, body) = api.get("workarea/all", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&body), ["1", "2", "3", "4"]);
    assert_eq!(body["data"][0]["text"], "Youth clubs");
    assert_eq!(
        body["data"][0]["children"][0],
        json!({"id": "11", "text": "Junior club (8-12)"})
    );
    assert_eq!(body["data"][3]["children"], json!([]));
    assert_eq!(body["meta"], json!({"numResults": 4, "totalRecords": 4}));
}

#[tokio::test]
async fn work_some_pages_with_num_and_start() {
    let api = Api::demo().await;
    let (_, first) = api.get("work/some", &[("num", "2"), ("start", "0")]).await;
    assert_eq!(ids(&first), ["30936", "30937"]);
    assert_eq!(first["meta"], json!({"numRecords": 2, "totalRecords": 5}));
    let (_, second) = api.get("work/some", &[("num", "2"), ("start", "2")]).await;
    assert_eq!(ids(&second), ["30939", "30938"]);
    let (_, last) = api.get("work/some", &[("num", "2"), ("start", "4")]).await;
    assert_eq!(ids(&last), ["30941"]);
    let (_, beyond) = api.get("work/some", &[("start", "9")]).await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["meta"]["totalRecords"], json!(5));
}

#[tokio::test]
async fn work_some_filters_by_date_workarea_and_text() {
    let api = Api::demo().await;
    let (_, after) = api.get("work/some", &[("after", "2026-12-05")]).await;
    assert_eq!(ids(&after), ["30939", "30938", "30941"]);
    let (_, before) = api.get("work/some", &[("before", "2026-12-03")]).await;
    assert_eq!(ids(&before), ["30936", "30937"]);
    let (_, parent) = api.get("work/some", &[("workarea", "1")]).await;
    assert_eq!(ids(&parent), ["30936", "30937", "30938", "30941"]);
    let (_, list) = api.get("work/some", &[("workarea", "22,31")]).await;
    assert_eq!(ids(&list), ["30939"]);
    let (_, text) = api.get("work/some", &[("q", "CLUB")]).await;
    assert_eq!(ids(&text), ["30936", "30937", "30941"]);
    let (_, ordered) = api
        .get("work/some", &[("order", "title desc"), ("num", "2")])
        .await;
    assert_eq!(ids(&ordered), ["30941", "30937"]);
    let bad = api.get("work/some", &[("after", "05/12/2026")]).await;
    assert_error(&bad, 1007, 200);
}

#[tokio::test]
async fn work_items_carry_attendance_and_the_primary_workarea() {
    let api = Api::demo().await;
    let (_, body) = api.get("work/some", &[("num", "10")]).await;
    let item = |id: u64| {
        body["data"]
            .as_array()
            .and_then(|items| items.iter().find(|item| item["id"] == json!(id)))
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {body}"))
    };
    let tuesday = item(30936);
    assert_eq!(tuesday["title"], "Junior club: Tuesday session");
    assert_eq!(tuesday["start_date"], "2026-12-01 16:00:00");
    assert_eq!(tuesday["workarea"], json!(11));
    assert_eq!(tuesday["workareaText"], "Junior club (8-12)");
    assert_eq!(tuesday["subWorkareas"], json!(["Junior club (8-12)"]));
    assert_eq!(tuesday["may_add_attend"], json!(true));
    assert_eq!(tuesday["num_users_attending"], "2");
    assert_eq!(tuesday["maximum_num_users_allowed"], "20");
    assert_eq!(item(30937)["workarea"], json!(12));
    let trip = item(30938);
    assert_eq!(trip["workarea"], json!(12), "the primary workarea");
    assert_eq!(trip["workareaText"], "Senior club (13-18), Volunteering");
    assert_eq!(trip["may_add_attend"], json!(false));
    assert_eq!(item(30941)["subWorkareas"], json!(""));
    let training = item(30939);
    assert!(training.get("num_users_attending").is_none(), "{training}");
}

#[tokio::test]
async fn work_one_adds_details() {
    let api = Api::demo().await;
    let (status, body) = api.get("work/one", &[("id", "30936")]).await;
    assert_eq!(status, 200);
    let data = &body["data"];
    assert!(data.is_object(), "live `one` is a single object: {body}");
    assert_eq!(data["id"], "30936");
    assert_eq!(data["workarea"], "11");
    assert_eq!(data["workareaText"], "Junior club (8-12)");
    assert_eq!(data["date_updated"], "2026-12-01 16:00:00");
    assert_eq!(data["subWorkareas"], json!(["Junior club (8-12)"]));
    assert_eq!(data["location"], json!(["Riverside Youth Centre"]));
    assert_eq!(data["location_full_details"][0]["postcode"], "SE1 7PB");
    assert_eq!(data["Age_range"], "8-12");
    assert_eq!(body["meta"], json!({"numRecords": 1, "totalRecords": 1}));
    let (_, top) = api.get("work/one", &[("id", "30941")]).await;
    assert_eq!(top["data"]["subWorkareas"], json!([]));
    assert_eq!(top["data"]["location"], json!([]));
    assert_eq!(top["data"]["location_full_details"], json!([]));
}

#[tokio::test]
async fn parameters_may_be_path_segments() {
    let api = Api::demo().await;
    let (status, body) = api.get_raw("work/one/format/json/id/30937", "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["id"], "30937");
    let c = api.sandbox.credentials();
    let url = format!(
        "{}people/some/format/json/lampid/{}/project/{}/key/{}/role/user/First_language/English",
        api.sandbox.base_url(),
        c.lampid,
        c.project,
        c.key
    );
    let (status, body) = api.send(api.http.get(url)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body), ["653", "656"]);
    let logged = api.sandbox.requests();
    let path = &logged.last().expect("logged").path;
    assert!(
        !path.contains(&c.key) && path.contains("/key/[redacted]/"),
        "{path}"
    );
}

#[tokio::test]
async fn profiles_all_lists_one_role_short() {
    let api = Api::demo().await;
    let (status, body) = api.get("people/all", &[("role", "user")]).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&body), ["653", "656", "655", "663", "654"]);
    let first = body["data"][0].as_object().expect("an object");
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "name", "summary"]);
    assert_eq!(first["name"], "Aisha Khan");
    let (_, staff) = api.get("people/all", &[("role", "staff")]).await;
    assert_eq!(ids(&staff), ["659", "660"]);
    let (_, orgs) = api.get("orgs/all", &[("role", "org")]).await;
    assert_eq!(ids(&orgs), ["701"]);
    let (_, families) = api.get("family/all", &[("role", "user")]).await;
    assert_eq!(ids(&families), ["802", "801"]);
}

#[tokio::test]
async fn profiles_some_full_pages_and_publishes_custom_fields() {
    let api = Api::demo().await;
    let (_, body) = api
        .get(
            "people/some",
            &[("role", "user"), ("return", "full"), ("num", "2")],
        )
        .await;
    assert_eq!(ids(&body), ["653", "656"]);
    assert_eq!(body["meta"], json!({"numRecords": 2, "totalRecords": "5"}));
    let aisha = &body["data"][0];
    assert_eq!(aisha["first_name"], "Aisha");
    assert_eq!(aisha["postcode"], "SE11 6LU");
    assert_eq!(aisha["lat"], "51.4935104000000000");
    assert_eq!(aisha["lng"], "-0.1157542000000000");
    assert!(
        aisha["easting"]
            .as_str()
            .is_some_and(|e| e.starts_with("53")),
        "{aisha}"
    );
    assert!(
        aisha["northing"]
            .as_str()
            .is_some_and(|n| n.starts_with("17")),
        "{aisha}"
    );
    assert_eq!(aisha["Gender"], "Female");
    assert_eq!(aisha["Interests"], json!(["Music", "Art"]));
    assert_eq!(aisha["Membership_number"], "RYP-0653");
    assert_eq!(aisha["address_line_2"], "London");
    assert!(aisha.get("address_line_3").is_none(), "{aisha}");
    assert!(
        aisha.get("Safeguarding_notes").is_none(),
        "unreadable field published"
    );
    assert_eq!(aisha["web"], "");
}

#[tokio::test]
async fn profiles_some_filters_by_fields_and_text() {
    let api = Api::demo().await;
    let (_, english) = api
        .get(
            "people/some",
            &[("role", "user"), ("First_language", "english")],
        )
        .await;
    assert_eq!(ids(&english), ["653", "656"]);
    let (_, female) = api
        .get("people/some", &[("role", "user"), ("Gender", "Female")])
        .await;
    assert_eq!(ids(&female), ["653", "655"]);
    let (_, music) = api
        .get("people/some", &[("role", "user"), ("interests", "music")])
        .await;
    assert_eq!(ids(&music), ["653"]);
    let (_, core) = api
        .get("people/some", &[("role", "user"), ("postcode", "SE5")])
        .await;
    assert_eq!(ids(&core), ["656"]);
    let (_, text) = api
        .get("people/some", &[("role", "user"), ("q", "smith")])
        .await;
    assert_eq!(ids(&text), ["656"]);
    let (_, hidden) = api
        .get(
            "people/some",
            &[("role", "user"), ("Safeguarding_notes", "x")],
        )
        .await;
    assert_eq!(ids(&hidden).len(), 5, "an unreadable field is no filter");
}

#[tokio::test]
async fn near_searches_by_postcode_or_coordinates() {
    let api = Api::demo().await;
    let (status, body) = api
        .get(
            "people/some",
            &[
                ("role", "user"),
                ("near", "SE1 7PB"),
                ("nearRadius", "1500"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body), ["654", "653"]);
    assert_eq!(
        body["meta"]["geosearchCentre"],
        json!({"lat": 51.5010089386737, "lng": -0.1140524})
    );
    let (_, point) = api
        .get(
            "people/some",
            &[
                ("role", "user"),
                ("near", "51.47,-0.09"),
                ("nearRadius", "1000"),
            ],
        )
        .await;
    assert_eq!(ids(&point), ["656"]);
    let (_, wide) = api
        .get("people/some", &[("role", "user"), ("near", "se17pb")])
        .await;
    assert_eq!(
        ids(&wide),
        ["654", "653", "655", "656"],
        "default radius 10 km"
    );
    let unknown = api
        .get("people/some", &[("role", "user"), ("near", "ZZ1 1ZZ")])
        .await;
    assert_error(&unknown, 1007, 200);
}

#[tokio::test]
async fn profile_one_is_a_single_full_object() {
    let api = Api::demo().await;
    let (status, body) = api.get("orgs/one", &[("role", "org"), ("id", "701")]).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["name"], "Southbank Academy");
    assert_eq!(body["data"]["Sector"], "School");
    assert_eq!(body["data"]["Number_of_staff"], "85");
    assert_eq!(body["meta"], json!({"numRecords": 1, "totalRecords": 1}));
    let (_, family) = api
        .get("family/one", &[("role", "user"), ("id", "802")])
        .await;
    assert_eq!(family["data"]["Registered_on"], "2024-01-15");
    let wrong_role = api
        .get("people/one", &[("role", "staff"), ("id", "653")])
        .await;
    assert_error(&wrong_role, 1007, 200);
    let unknown = api
        .get("people/one", &[("role", "user"), ("id", "99999")])
        .await;
    assert_error(&unknown, 1007, 200);
    let hidden = api
        .get("people/one", &[("role", "user"), ("id", "662")])
        .await;
    assert_error(&hidden, 1002, 403);
}

/// One write of every kind, then `GET /__sandbox/state`: each is there once, with every field
/// it was sent.
pub async fn write_one_of_everything(
    http: &reqwest::Client,
    base_url: &str,
    credentials: &[(&'static str, String)],
) {
    let writes: &[(&str, &[(&str, &str)])] = &[
        (
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Noor"),
                ("surname", "Hassan"),
                ("email", "noor@example.org"),
                ("Interests[]", "Art"),
                ("publishable", "1"),
            ],
        ),
        (
            "referral/add",
            &[
                ("attendee", "noor@example.org"),
                ("referrer", "658"),
                ("referral_reason", "Wants to join the art group"),
                ("date_from", "2026-11-30"),
                ("workareaid", "11"),
                ("How_did_you_hear", "School"),
                ("Support_needed[0]", "Confidence"),
                ("Support_needed[1]", "Education"),
                ("Shoe_size", "5"),
            ],
        ),
        (
            "work/attend",
            &[
                ("id", "30937"),
                ("attendee", "1001"),
                ("attendee_notes", "Taster"),
            ],
        ),
        (
            "people/relationship",
            &[
                ("id", "1001"),
                ("related_profile_id", "653"),
                ("relationship_id", "8"),
                ("role", "user"),
            ],
        ),
        (
            "people/group",
            &[
                ("id", "1001"),
                ("group_id", "934"),
                ("role", "user"),
                ("notes", "Art week"),
            ],
        ),
    ];
    for (endpoint, form) in writes {
        let response = http
            .post(format!("{base_url}{endpoint}/format/json"))
            .query(credentials)
            .form(form)
            .send()
            .await
            .expect("a reply");
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(status, 200, "{endpoint}: {body}");
    }
}

/// Checks the JSON of `GET /__sandbox/state` after [`write_one_of_everything`].
pub fn assert_state_has_one_of_everything(state: &Value) {
    let profiles = state["profiles"].as_array().expect("profiles");
    assert_eq!(profiles.len(), 17, "16 seeded and one created");
    let noor = profiles
        .iter()
        .find(|p| p["id"] == 1001)
        .expect("the created profile");
    assert_eq!(noor["kind"], "person");
    assert_eq!(noor["role"], "user");
    assert_eq!(noor["core"]["first_name"], "Noor");
    assert_eq!(noor["custom"]["Interests"], json!(["Art"]));
    assert_eq!(
        (noor["publishable"].clone(), noor["seeded"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(state["referrals"].as_array().map(Vec::len), Some(1));
    let referral = &state["referrals"][0];
    assert_eq!(referral["id"], 5001);
    assert_eq!(referral["attendee_id"], 1001);
    assert_eq!(referral["referrer_id"], 658);
    assert_eq!(referral["reason"], "Wants to join the art group");
    assert_eq!(referral["date_from"], "2026-11-30 00:00:00");
    assert_eq!(referral["workarea_ids"], json!([11]));
    assert_eq!(referral["custom"]["How did you hear"], "School");
    assert_eq!(
        referral["custom"]["Support needed"],
        json!(["Confidence", "Education"])
    );
    assert_eq!(
        referral["fields"],
        json!({
            "attendee": "noor@example.org",
            "referrer": "658",
            "referral_reason": "Wants to join the art group",
            "date_from": "2026-11-30",
            "workareaid": "11",
            "How_did_you_hear": "School",
            "Support_needed": ["Confidence", "Education"],
            "Shoe_size": "5",
        }),
        "every field as sent, the unknown one too, and no credentials"
    );
    assert_eq!(
        state["attendances"],
        json!([{"work_id": 30937, "profile_id": 1001, "notes": "Taster"}])
    );
    assert_eq!(
        state["relationships"],
        json!([{"profile_id": 1001, "related_profile_id": 653, "relationship_id": 8, "role": "user"}])
    );
    let memberships = state["group_memberships"].as_array().expect("memberships");
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0]["group_id"], 934);
    assert_eq!(memberships[0]["profile_id"], 1001);
    assert_eq!(memberships[0]["role"], "user");
    assert_eq!(memberships[0]["notes"], "Art week");
    assert!(
        memberships[0]["date_joined"]
            .as_str()
            .is_some_and(|d| d.len() == 19),
        "now, when not given"
    );
}

#[tokio::test]
async fn the_state_endpoint_serves_everything_stored() {
    let api = Api::demo().await;
    write_one_of_everything(&api.http, &api.sandbox.base_url(), &api.credentials()).await;
    let url = format!("http://{}/__sandbox/state", api.sandbox.addr());
    let (status, state) = api.send(api.http.get(url)).await;
    assert_eq!(status, 200);
    assert_state_has_one_of_everything(&state);
    let typed = serde_json::to_value(api.sandbox.state()).expect("serialises");
    assert_eq!(state, typed, "the endpoint serves the typed view");
}
