//! Postcode, email and `ProfileRef` parsing.

use std::str::FromStr;

use lamplight_core::{Postcode, ProfileRef};

/// Parses `data` (as UTF-8) as a postcode, an email address and a profile reference.
///
/// What parses must be normal: a postcode is in Lamplight's form and parses back to itself; an
/// email address is trimmed and has exactly one `@` with text either side; a reference's text
/// parses back to the same reference.
pub fn parse_values(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(postcode) = Postcode::parse(text) {
        let normal = postcode.as_str();
        assert!(is_normal_postcode(normal), "{text:?} became {normal:?}");
        assert_eq!(Postcode::parse(normal).as_ref(), Ok(&postcode));
        assert_eq!(postcode.to_string(), normal);
    }
    if let Ok(reference) = ProfileRef::email(text) {
        check_reference(text, &reference);
    }
    if let Ok(reference) = ProfileRef::from_str(text) {
        check_reference(text, &reference);
    }
}

/// `^[A-Z]{1,2}[0-9R][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$`, written out independently of the
/// parser.
fn is_normal_postcode(code: &str) -> bool {
    let Some((outward, inward)) = code.split_once(' ') else {
        return false;
    };
    let outward = outward.as_bytes();
    let district = |b: &u8| b.is_ascii_digit() || *b == b'R';
    let sub = |b: &u8| b.is_ascii_digit() || b.is_ascii_uppercase();
    // One or two area letters, then the district and an optional sub-district; `R` can be an
    // area letter or a district, so try both splits.
    let outward_ok = (1..=2).any(|letters| {
        outward.len() > letters
            && outward[..letters].iter().all(u8::is_ascii_uppercase)
            && match &outward[letters..] {
                [d] => district(d),
                [d, s] => district(d) && sub(s),
                _ => false,
            }
    });
    let unit = |b: u8| b.is_ascii_uppercase() && !b"CIKMOV".contains(&b);
    outward_ok
        && matches!(inward.as_bytes(), [s, a, b] if s.is_ascii_digit() && unit(*a) && unit(*b))
}

fn check_reference(text: &str, reference: &ProfileRef) {
    let shown = reference.to_string();
    if let ProfileRef::Email(email) = reference {
        assert_eq!(email.trim(), email, "{text:?} kept surrounding space");
        let (local, domain) = email
            .split_once('@')
            .unwrap_or_else(|| panic!("{text:?} was taken as an email without `@`"));
        assert!(!local.is_empty() && !domain.is_empty(), "{text:?}");
        assert!(!domain.contains('@'), "{text:?} has two `@`");
    }
    let again = ProfileRef::from_str(&shown)
        .unwrap_or_else(|error| panic!("{text:?} became {shown:?}, which is refused: {error}"));
    assert_eq!(&again, reference, "{text:?} does not survive its own text");
}
