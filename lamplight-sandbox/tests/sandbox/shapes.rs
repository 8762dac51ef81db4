//! The documented clean shape, next to the quirky default.

use serde_json::json;

use crate::common::{Api, created_id};

#[tokio::test]
async fn clean_reads_use_numbers_arrays_and_num_records() {
    let api = Api::clean().await;
    let (_, areas) = api.get("workarea/all", &[]).await;
    assert_eq!(areas["data"][0]["id"], json!(1));
    assert_eq!(areas["data"][3]["children"], json!([]));
    assert_eq!(areas["meta"], json!({"numRecords": 4, "totalRecords": 4}));
    let (_, work) = api.get("work/some", &[("num", "1")]).await;
    let item = &work["data"][0];
    assert_eq!(item["id"], json!(30936));
    assert_eq!(item["workarea"], json!(11));
    assert_eq!(item["num_users_attending"], json!(2));
    assert_eq!(work["meta"], json!({"numRecords": 1, "totalRecords": 5}));
    let (_, trip) = api.get("work/one", &[("id", "30938")]).await;
    assert_eq!(
        trip["data"].as_array().map(Vec::len),
        Some(1),
        "one is an array: {trip}"
    );
    assert_eq!(trip["data"][0]["workarea"], json!(12));
    assert_eq!(trip["meta"], json!({}));
    let (_, open) = api.get("work/one", &[("id", "30937")]).await;
    assert_eq!(open["data"][0]["maximum_num_users_allowed"], json!(null));
    let (_, person) = api
        .get("people/one", &[("role", "user"), ("id", "654")])
        .await;
    let tom = &person["data"][0];
    assert_eq!(tom["lat"], json!(51.5010089386737));
    assert_eq!(tom["web"], json!(null));
    assert!(tom["easting"].is_u64(), "{tom}");
    let (_, near) = api
        .get("people/some", &[("role", "user"), ("near", "SE1 7PB")])
        .await;
    assert_eq!(
        near["meta"]["geosearchCentre"]["lat"],
        json!(51.5010089386737)
    );
}

#[tokio::test]
async fn clean_writes_use_numbers_and_object_meta() {
    let api = Api::clean().await;
    let (_, referral) = api.post("referral/add", &[("attendee", "653")]).await;
    assert_eq!(
        referral,
        json!({"data": {"id": 5001, "attend": true}, "meta": {}})
    );
    let (_, added) = api
        .post(
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Al"),
                ("publish_update", "1"),
            ],
        )
        .await;
    let id = created_id(&added);
    assert!(added["data"]["id"].is_u64());
    let (_, updated) = api
        .post(
            "people/update",
            &[("role", "user"), ("id", &id.to_string()), ("surname", "B")],
        )
        .await;
    assert_eq!(updated["data"]["id"], json!(id));
    let (_, attend) = api
        .post("work/attend", &[("id", "30937"), ("attendee", "654")])
        .await;
    assert_eq!(
        attend["data"],
        json!([{"id": 30937, "attend": true}]),
        "always a list"
    );
}
