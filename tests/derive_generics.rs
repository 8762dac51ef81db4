//! Generic and lifetime-carrying records: bounds only where sent fields need them.

use std::marker::PhantomData;

use lamplight::{FieldValue, LamplightRecord, ProfileRef, Record, ValueKind};

/// Implements no lamplight trait: only usable in fields that are skipped.
#[derive(Clone)]
struct Opaque;

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Tagged<'a, T, U: Clone, const N: usize>
where
    T: Copy,
{
    attendee: ProfileRef,
    reason: &'a str,
    #[lamplight(rename = "Score")]
    score: T,
    scores: [T; N],
    #[lamplight(skip)]
    #[allow(dead_code)]
    private: U,
}

#[test]
fn generic_fields_are_bounded_and_skipped_ones_are_not() {
    let record = Tagged {
        attendee: ProfileRef::id(2),
        reason: "moving house",
        score: 7u16,
        scores: [1u16, 2, 3],
        private: Opaque,
    };
    assert_eq!(
        record.to_form().unwrap().to_string(),
        "attendee=2&referral_reason=moving+house&Score=7&scores[0]=1&scores[1]=2&scores[2]=3"
    );
    assert_eq!(
        <Tagged<'_, u16, Opaque, 3>>::FIELDS[2].kind,
        ValueKind::Integer
    );
    assert!(!<Tagged<'_, Option<u16>, Opaque, 0>>::FIELDS[2].required);
}

#[derive(LamplightRecord)]
#[lamplight(organisation, role = "funder")]
struct Funder<'a, T: ?Sized + FieldValue> {
    name: &'a T,
    #[lamplight(skip)]
    #[allow(dead_code)]
    marker: PhantomData<fn() -> Opaque>,
}

#[test]
fn unsized_parameters_through_references() {
    let funder = Funder::<str> {
        name: "Lottery Fund",
        marker: PhantomData,
    };
    assert_eq!(
        funder.to_form().unwrap().to_string(),
        "role=funder&name=Lottery+Fund"
    );
}

fn encode<R: Record>(record: &R) -> String {
    record.to_form().unwrap().to_string()
}

#[test]
fn generic_records_are_records() {
    let record = Tagged {
        attendee: ProfileRef::id(2),
        reason: "r",
        score: 'x',
        scores: [],
        private: 0u8,
    };
    assert_eq!(encode(&record), "attendee=2&referral_reason=r&Score=x");
}
