//! Any value a client can send survives the wire into the sandbox's state unchanged.

use proptest::prelude::*;

use crate::common::{Api, created_id};

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn posted_values_are_stored_unchanged(
        reason in "[^<]{1,80}",
        notes in "[^<]{0,40}",
        year in -20i32..20,
        support in proptest::sample::subsequence(vec!["Confidence", "Education", "Employment", "Wellbeing", "Family"], 0..=5),
        via_path in any::<bool>(),
    ) {
        prop_assume!(!reason.trim().is_empty());
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async {
            let api = Api::demo().await;
            let year = year.to_string();
            let mut form = vec![
                ("attendee".to_owned(), "653".to_owned()),
                ("referral_reason".to_owned(), reason.clone()),
                ("Additional_notes".to_owned(), notes.clone()),
                ("school_year".to_owned(), year.clone()),
            ];
            for (i, option) in support.iter().enumerate() {
                form.push((format!("Support_needed[{i}]"), (*option).to_owned()));
            }
            let request = if via_path {
                api.http.post(format!("{}/attendee/653", api.url("referral/add")))
            } else {
                api.http.post(api.url("referral/add"))
            };
            let (status, body) = api.send(request.query(&api.credentials()).form(&form)).await;
            prop_assert_eq!(status, 200, "{}", body);
            let state = api.sandbox.state();
            let referral = state.referral(created_id(&body)).expect("stored");
            prop_assert_eq!(referral.reason.as_deref(), Some(reason.as_str()));
            let stored_notes = referral.custom.get("Additional notes").and_then(|v| v.as_str());
            prop_assert_eq!(stored_notes, Some(notes.as_str()));
            let stored_year = referral.custom.get("school year").and_then(|v| v.as_str());
            prop_assert_eq!(stored_year, Some(year.as_str()));
            let stored_support: Vec<String> = referral
                .custom
                .get("Support needed")
                .map(|v| v.values().to_vec())
                .unwrap_or_default();
            prop_assert_eq!(stored_support, support.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
            Ok(())
        })?;
    }
}
