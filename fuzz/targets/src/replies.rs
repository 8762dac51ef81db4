//! Decoding every reply type the client reads, from arbitrary bytes.

use lamplight_core::WorkId;
use lamplight_core::response::{
    AttendOutcome, Created, One, Page, Profile, ProfileSummary, Reply, ServerError, Work,
    WorkSummary, Workarea,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The work ids an attendance reply is matched against.
const WORK_IDS: &[WorkId] = &[WorkId(30936), WorkId(30937)];

/// Decodes `data` as every reply type: work records and summaries, profiles and summaries,
/// workareas, write replies (created, attendance) and error bodies. Each may fail; none may
/// panic, and a body that decodes from bytes decodes the same way from the JSON tree the client
/// first parses it into.
pub fn decode_reply(data: &[u8]) {
    both::<Page<WorkSummary>>(data);
    both::<Page<ProfileSummary>>(data);
    both::<Page<Profile>>(data);
    both::<Reply<One<Work>>>(data);
    both::<Reply<One<Profile>>>(data);
    both::<Reply<Vec<Workarea>>>(data);
    both::<Created>(data);
    let from_bytes = AttendOutcome::decode(WORK_IDS, data);
    let value = serde_json::from_slice::<Value>(data);
    if let Ok(value) = &value {
        let _ = ServerError::from_value(value);
        if let Some(data) = value.get("data") {
            let from_tree = AttendOutcome::from_data(WORK_IDS, data.clone());
            if from_bytes.is_ok() {
                assert!(
                    from_tree.is_ok(),
                    "an attendance reply decodes from bytes only"
                );
            }
        }
    }
    let from_body = ServerError::from_body(data);
    if let Ok(value) = &value {
        assert_eq!(
            from_body.map(|error| error.to_string()),
            ServerError::from_value(value).map(|error| error.to_string()),
            "an error body reads differently from bytes and from its JSON tree"
        );
    }
}

/// Decodes `T` from the bytes and from the parsed tree, as the client does: the two must agree
/// on success.
fn both<T: DeserializeOwned>(data: &[u8]) {
    let from_bytes = serde_json::from_slice::<T>(data).is_ok();
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        let from_tree = serde_json::from_value::<T>(value).is_ok();
        assert_eq!(
            from_bytes,
            from_tree,
            "{} decodes from bytes: {from_bytes}, from the JSON tree: {from_tree}",
            std::any::type_name::<T>()
        );
    }
}
