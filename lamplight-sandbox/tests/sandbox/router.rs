//! The real router driven without sockets, as a fuzz target drives it.

use axum::body::Body;
use axum::http::{Request, header};
use lamplight_sandbox::{__private, Config};
use serde_json::Value;

fn credentials() -> &'static str {
    "lampid=1234&project=1&key=sandbox-demo-key"
}

async fn send(router: &axum::Router, request: Request<Body>) -> (u16, Value) {
    let response = __private::respond(router, request)
        .await
        .expect("a whole body");
    let body = serde_json::from_slice(response.body()).expect("JSON");
    (response.status().as_u16(), body)
}

#[tokio::test]
async fn the_router_serves_writes_reads_and_the_state_without_a_socket() {
    let router = __private::router(Config::demo()).expect("the demo is valid");
    let write = Request::post(format!("/api/referral/add/format/json?{}", credentials()))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("attendee=653&How_did_you_hear=School"))
        .expect("a request");
    let (status, body) = send(&router, write).await;
    assert_eq!(status, 200, "{body}");
    let read = Request::get(format!(
        "/api/people/one/format/json/role/user/id/653?{}",
        credentials()
    ))
    .body(Body::empty())
    .expect("a request");
    let (status, body) = send(&router, read).await;
    assert_eq!(
        (status, &body["data"]["id"]),
        (200, &Value::from("653")),
        "{body}"
    );
    let state = Request::get("/__sandbox/state")
        .body(Body::empty())
        .expect("a request");
    let (status, body) = send(&router, state).await;
    assert_eq!(status, 200);
    assert_eq!(body["referrals"][0]["custom"]["How did you hear"], "School");
    let (status, _) = send(
        &router,
        Request::get("/nowhere")
            .body(Body::empty())
            .expect("a request"),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_router_carries_every_layer_and_a_bad_config_gives_none() {
    let mut config = Config::demo();
    config.max_body_bytes = 0;
    assert!(__private::router(config).is_err());
    let mut config = Config::demo();
    config.max_body_bytes = 8;
    config.rate_limit = Some(0.001);
    let router = __private::router(config).expect("valid");
    let post = |body: &'static str| {
        Request::post(format!("/api/referral/add/format/json?{}", credentials()))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("a request")
    };
    assert_eq!(send(&router, post("attendee=653")).await.0, 413);
    assert_eq!(send(&router, post("x=1")).await.0, 429);
}
