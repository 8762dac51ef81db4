//! Encoding a 20-field referral: the derive's `to_form()` + body, against `serde_urlencoded` on a
//! serde-derived twin that sends the same parameters.
//!
//! Run with `cargo bench --bench encode`.

use lamplight::{LamplightOption, LamplightRecord, ProfileRef, Record, WorkareaId};
use serde::Serialize;

fn main() {
    let (record, twin) = (referral(), twin());
    // Both sides must send the same parameters, or the comparison means nothing.
    let ours = record
        .to_form()
        .expect("the benchmark record encodes")
        .to_string();
    let theirs = serde_urlencoded::to_string(&twin).expect("the twin encodes");
    assert_eq!(ours, theirs, "the two encoders disagree");
    divan::main();
}

#[divan::bench]
fn lamplight_to_form_and_body(bencher: divan::Bencher) {
    let record = referral();
    bencher.bench_local(|| {
        divan::black_box(&record)
            .to_form()
            .map(|form| form.to_body())
    });
}

#[divan::bench]
fn lamplight_to_form_only(bencher: divan::Bencher) {
    let record = referral();
    bencher.bench_local(|| divan::black_box(&record).to_form());
}

#[divan::bench]
fn serde_urlencoded_twin(bencher: divan::Bencher) {
    let twin = twin();
    bencher.bench_local(|| serde_urlencoded::to_string(divan::black_box(&twin)));
}

#[derive(LamplightOption, Serialize, Clone, Copy)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    #[serde(rename = "Word of mouth")]
    WordOfMouth,
    Website,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    referrer: Option<ProfileRef>,
    reason: String,
    date: time::Date,
    workarea: WorkareaId,
    #[lamplight(rename = "How did you hear")]
    heard_via: HeardVia,
    school_year: u8,
    first_language: String,
    #[lamplight(rename = "Living situation")]
    living_situation: String,
    #[lamplight(rename = "Support needs")]
    support_needs: String,
    #[lamplight(rename = "Previous contact")]
    previous_contact: bool,
    siblings: u32,
    #[lamplight(rename = "Weekly hours")]
    weekly_hours: f64,
    #[lamplight(rename = "GP surgery")]
    gp_surgery: String,
    #[lamplight(rename = "Emergency contact")]
    emergency_contact: String,
    #[lamplight(rename = "Emergency phone")]
    emergency_phone: String,
    #[lamplight(rename = "Consent to share")]
    consent_to_share: bool,
    #[lamplight(rename = "Dietary needs")]
    dietary_needs: Option<String>,
    #[lamplight(rename = "Access needs")]
    access_needs: Option<String>,
    notes: String,
}

#[derive(Serialize)]
struct Twin {
    attendee: u64,
    referrer: Option<&'static str>,
    referral_reason: &'static str,
    date_from: &'static str,
    workareaid: &'static str,
    #[serde(rename = "How_did_you_hear")]
    heard_via: HeardVia,
    school_year: u8,
    first_language: &'static str,
    #[serde(rename = "Living_situation")]
    living_situation: &'static str,
    #[serde(rename = "Support_needs")]
    support_needs: &'static str,
    #[serde(rename = "Previous_contact")]
    previous_contact: u8,
    siblings: u32,
    #[serde(rename = "Weekly_hours")]
    weekly_hours: f64,
    #[serde(rename = "GP_surgery")]
    gp_surgery: &'static str,
    #[serde(rename = "Emergency_contact")]
    emergency_contact: &'static str,
    #[serde(rename = "Emergency_phone")]
    emergency_phone: &'static str,
    #[serde(rename = "Consent_to_share")]
    consent_to_share: u8,
    #[serde(rename = "Dietary_needs")]
    dietary_needs: Option<&'static str>,
    #[serde(rename = "Access_needs")]
    access_needs: Option<&'static str>,
    notes: &'static str,
}

const REASON: &str = "Struggling at school & isolated; asked for a mentor (age 14)";
const NOTES: &str = "Prefers afternoons. Mum's number is best; text first = fine.";

fn referral() -> Referral {
    Referral {
        attendee: ProfileRef::id(653),
        referrer: Some(ProfileRef::Email("teacher@school.example.org".into())),
        reason: REASON.into(),
        date: time::macros::date!(2026 - 11 - 28),
        workarea: WorkareaId::many([3, 7]),
        heard_via: HeardVia::WordOfMouth,
        school_year: 9,
        first_language: "English".into(),
        living_situation: "With parents".into(),
        support_needs: "Reading support, quiet space".into(),
        previous_contact: false,
        siblings: 2,
        weekly_hours: 2.5,
        gp_surgery: "Riverside Health Centre".into(),
        emergency_contact: "Sam O'Neil".into(),
        emergency_phone: "07700 900123".into(),
        consent_to_share: true,
        dietary_needs: Some("Vegetarian".into()),
        access_needs: None,
        notes: NOTES.into(),
    }
}

fn twin() -> Twin {
    Twin {
        attendee: 653,
        referrer: Some("teacher@school.example.org"),
        referral_reason: REASON,
        date_from: "2026-11-28",
        workareaid: "3,7",
        heard_via: HeardVia::WordOfMouth,
        school_year: 9,
        first_language: "English",
        living_situation: "With parents",
        support_needs: "Reading support, quiet space",
        previous_contact: 0,
        siblings: 2,
        weekly_hours: 2.5,
        gp_surgery: "Riverside Health Centre",
        emergency_contact: "Sam O'Neil",
        emergency_phone: "07700 900123",
        consent_to_share: 1,
        dietary_needs: Some("Vegetarian"),
        access_needs: None,
        notes: NOTES,
    }
}
