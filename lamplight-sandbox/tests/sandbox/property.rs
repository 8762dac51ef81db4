//! Any value a client can send survives the wire into the sandbox's state unchanged, and one
//! holding an HTML tag is refused whole.

use proptest::prelude::*;

use crate::common::{Api, code, created_id};

/// Text with comparison signs and the odd tag among anything else: `age < 18`, a lone `<` at
/// the end, `<b>`, `</p>`, `<!--`, `a<b`, `5 <= 6 > 4`.
const TEXT: &str = "(age < 18|<|>|<= ?|< ?[a-z0-9/!?]|[^<>]{1,12}){1,10}";

/// Whether a browser would take part of `value` for a tag, written from API.md and the
/// sandbox's README rather than from its code: a `<` directly followed by an ASCII letter, by
/// `/` and an ASCII letter, or by `!` or `?`, with a `>` somewhere after it.
fn has_tag(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    (0..chars.len()).any(|i| {
        let opens = chars[i] == '<'
            && match chars.get(i + 1) {
                Some(c) if c.is_ascii_alphabetic() || *c == '!' || *c == '?' => true,
                Some('/') => chars.get(i + 2).is_some_and(char::is_ascii_alphabetic),
                _ => false,
            };
        opens && chars[i + 1..].contains(&'>')
    })
}

#[test]
fn the_tag_oracle_tells_comparisons_from_tags() {
    for plain in [
        "age < 18",
        "a <= b > c",
        "<",
        "x <> y",
        "< b>",
        "</ p>",
        "3<4",
        "a>b<c",
    ] {
        assert!(!has_tag(plain), "{plain}");
    }
    for tag in [
        "<b>",
        "</p>",
        "a<b>c",
        "<!-- x -->",
        "<?php ?>",
        "x <a href=y>",
    ] {
        assert!(has_tag(tag), "{tag}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn posted_values_are_stored_unchanged(
        reason in TEXT,
        notes in proptest::option::of(TEXT),
        year in -20i32..20,
        support in proptest::sample::subsequence(vec!["Confidence", "Education", "Employment", "Wellbeing", "Family"], 0..=5),
        via_path in any::<bool>(),
    ) {
        prop_assume!(!reason.trim().is_empty());
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async {
            let api = Api::demo().await;
            let year = year.to_string();
            let notes = notes.unwrap_or_default();
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
                // The reason goes as a path segment instead, every byte but letters and digits
                // percent-encoded (a `/` in it must not split the segment).
                form.retain(|(name, _)| name != "referral_reason");
                let encoded: String = reason
                    .bytes()
                    .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
                    .collect();
                api.http.post(format!(
                    "{}/attendee/653/referral_reason/{encoded}",
                    api.url("referral/add")
                ))
            } else {
                api.http.post(api.url("referral/add"))
            };
            let (status, body) = api.send(request.query(&api.credentials()).form(&form)).await;
            if has_tag(&reason) || has_tag(&notes) {
                prop_assert_eq!((status, code(&body)), (403, Some(9999)), "{}", body);
                prop_assert!(api.sandbox.state().referrals.is_empty());
                return Ok(());
            }
            prop_assert_eq!(status, 200, "{}", body);
            let state = api.sandbox.state();
            let referral = state.referral(created_id(&body)).expect("stored");
            prop_assert_eq!(referral.reason.as_deref(), Some(reason.as_str()));
            let stored_notes = referral.custom.get("Additional notes").and_then(|v| v.as_str());
            // An empty or blank custom value is no value on a new referral, as an empty reason is.
            let sent_notes = Some(notes.as_str()).filter(|notes| !notes.trim().is_empty());
            prop_assert_eq!(stored_notes, sent_notes);
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
