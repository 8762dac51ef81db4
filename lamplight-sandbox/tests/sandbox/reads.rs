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
    assert_eq!(body["data"][3]["children"], json!(""));
    assert_eq!(body["meta"]["numResults"], "4");
}

#[tokio::test]
async fn work_some_pages_with_num_and_start() {
    let api = Api::demo().await;
    let (_, first) = api.get("work/some", &[("num", "2"), ("start", "0")]).await;
    assert_eq!(ids(&first), ["30936", "30937"]);
    assert_eq!(
        first["meta"],
        json!({"numResults": "2", "totalRecords": "5"})
    );
    let (_, second) = api.get("work/some", &[("num", "2"), ("start", "2")]).await;
    assert_eq!(ids(&second), ["30939", "30938"]);
    let (_, last) = api.get("work/some", &[("num", "2"), ("start", "4")]).await;
    assert_eq!(ids(&last), ["30941"]);
    let (_, beyond) = api.get("work/some", &[("start", "9")]).await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["meta"]["totalRecords"], "5");
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
async fn work_items_carry_attendance_and_the_varying_workarea() {
    let api = Api::demo().await;
    let (_, body) = api.get("work/some", &[("num", "10")]).await;
    let item = |id: &str| {
        body["data"]
            .as_array()
            .and_then(|items| items.iter().find(|item| item["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {body}"))
    };
    let tuesday = item("30936");
    assert_eq!(tuesday["title"], "Junior club: Tuesday session");
    assert_eq!(tuesday["start_date"], "2026-12-01 16:00:00");
    assert_eq!(tuesday["workarea"], json!("11"));
    assert_eq!(tuesday["may_add_attend"], json!(true));
    assert_eq!(tuesday["num_users_attending"], "2");
    assert_eq!(tuesday["maximum_num_users_allowed"], "20");
    assert_eq!(item("30937")["workarea"], json!(12));
    let trip = item("30938");
    assert_eq!(
        trip["workarea"],
        json!(["Senior club (13-18)", "Volunteering"])
    );
    assert_eq!(trip["may_add_attend"], json!(false));
    let training = item("30939");
    assert!(training.get("num_users_attending").is_none(), "{training}");
}

#[tokio::test]
async fn work_one_adds_details() {
    let api = Api::demo().await;
    let (status, body) = api.get("work/one", &[("id", "30936")]).await;
    assert_eq!(status, 200);
    let data = &body["data"];
    assert!(data.is_object(), "quirky `one` is a single object: {body}");
    assert_eq!(data["workareaText"], "Junior club (8-12)");
    assert_eq!(data["subWorkareas"], json!(["Junior club (8-12)"]));
    assert_eq!(data["location"], "Riverside Youth Centre");
    assert_eq!(data["location_full_details"][0]["postcode"], "SE1 7PB");
    assert_eq!(data["Age range"], "8-12");
    assert_eq!(body["meta"], json!(""));
    let (_, top) = api.get("work/one", &[("id", "30941")]).await;
    assert_eq!(top["data"]["subWorkareas"], json!(""));
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
    assert_eq!(
        body["meta"],
        json!({"numResults": "2", "totalRecords": "5"})
    );
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
    assert_eq!(aisha["Membership number"], "RYP-0653");
    assert!(
        aisha.get("Safeguarding notes").is_none(),
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
        json!({"lat": "51.5010089386737000", "lng": "-0.1140524000000000"})
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
    assert_eq!(body["data"]["Number of staff"], "85");
    let (_, family) = api
        .get("family/one", &[("role", "user"), ("id", "802")])
        .await;
    assert_eq!(family["data"]["Registered on"], "2024-01-15");
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

#[tokio::test]
async fn the_state_endpoint_serves_everything_stored() {
    let api = Api::demo().await;
    api.post(
        "referral/add",
        &[("attendee", "653"), ("How_did_you_hear", "School")],
    )
    .await;
    let url = format!("http://{}/__sandbox/state", api.sandbox.addr());
    let (status, state) = api.send(api.http.get(url)).await;
    assert_eq!(status, 200);
    assert_eq!(state["profiles"].as_array().map(Vec::len), Some(16));
    assert_eq!(state["referrals"][0]["attendee_id"], 653);
    assert_eq!(
        state["referrals"][0]["custom"]["How did you hear"],
        "School"
    );
    assert_eq!(state["attendances"], json!([]));
    assert!(state.get("relationships").is_some() && state.get("group_memberships").is_some());
}
