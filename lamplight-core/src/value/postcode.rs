//! UK postcodes, normalised and checked as Lamplight checks them.

use std::fmt;
use std::str::FromStr;

use super::{FieldValue, FieldWriter};
use crate::{EncodeError, ValueKind};

/// A UK postcode in the form Lamplight accepts: upper case, one space before the inward code.
///
/// Parsing normalises case and spacing (`sw1a1aa` becomes `SW1A 1AA`) and refuses what
/// Lamplight's pattern `^[A-Z]{1,2}[0-9R][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$` refuses, so a bad
/// postcode is caught before the request rather than by a rejected profile.
///
/// ```
/// use lamplight_core::Postcode;
///
/// let postcode: Postcode = "sw1a1aa".parse()?;
/// assert_eq!(postcode.as_str(), "SW1A 1AA");
/// assert!("SW1A 1CA".parse::<Postcode>().is_err()); // C is never in an inward code
/// # Ok::<(), lamplight_core::InvalidPostcode>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

impl Postcode {
    /// Normalises and checks `text`.
    pub fn parse(text: &str) -> Result<Postcode, InvalidPostcode> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let invalid = || InvalidPostcode(text.to_owned());
        if !compact.is_ascii() || compact.len() < 5 {
            return Err(invalid());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if !is_outward(outward.as_bytes()) || !is_inward(inward.as_bytes()) {
            return Err(invalid());
        }
        Ok(Postcode(format!("{outward} {inward}")))
    }

    /// The normalised postcode, e.g. `SW1A 1AA`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `[A-Z]{1,2}[0-9R][0-9A-Z]?`
fn is_outward(code: &[u8]) -> bool {
    let area = |b: &u8| b.is_ascii_uppercase();
    let district = |b: &u8| b.is_ascii_digit() || *b == b'R';
    let sub = |b: &u8| b.is_ascii_digit() || b.is_ascii_uppercase();
    match code {
        [a, d] => area(a) && district(d),
        [a, b, c] => (area(a) && area(b) && district(c)) || (area(a) && district(b) && sub(c)),
        [a, b, d, s] => area(a) && area(b) && district(d) && sub(s),
        _ => false,
    }
}

/// `[0-9][ABD-HJLNP-UW-Z]{2}`
fn is_inward(code: &[u8]) -> bool {
    let unit = |b: &u8| b.is_ascii_uppercase() && !b"CIKMOV".contains(b);
    matches!(code, [sector, a, b] if sector.is_ascii_digit() && unit(a) && unit(b))
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Postcode {
    type Err = InvalidPostcode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Postcode::parse(s)
    }
}

impl AsRef<str> for Postcode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for Postcode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Postcode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Postcode::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl FieldValue for Postcode {
    const KIND: ValueKind = ValueKind::Postcode;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        out.value(self.0.as_str())
    }
}

/// The error for text that is not a UK postcode Lamplight would accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a UK postcode Lamplight accepts (e.g. SW1A 1AA)")]
pub struct InvalidPostcode(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_checks() {
        let cases = [
            ("sw1a1aa", "SW1A 1AA"),
            ("  m1 1ae ", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("cr2 6xh", "CR2 6XH"),
            ("dn55 1pt", "DN55 1PT"),
            ("W1A 0AX", "W1A 0AX"),
            ("EC1A 1BB", "EC1A 1BB"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                Postcode::parse(input).unwrap().as_str(),
                expected,
                "{input}"
            );
        }
        for bad in [
            "",
            "SW1A",
            "SW1A 1CA",
            "1W1A 1AA",
            "SW1A 1A",
            "ABCDE 1AA",
            "SW1A 1ÅA",
            "Q",
        ] {
            assert!(Postcode::parse(bad).is_err(), "{bad}");
        }
    }

    use proptest::prelude::*;

    /// The server's pattern, `^[A-Z]{1,2}[0-9R][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$`, as a
    /// generator of the postcodes it accepts.
    const SERVER_PATTERN: &str = "[A-Z]{1,2}[0-9R][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}";

    proptest! {
        #[test]
        fn whatever_the_server_accepts_is_accepted_unchanged(code in SERVER_PATTERN) {
            prop_assert_eq!(Postcode::parse(&code).map(|p| p.0), Ok(code.clone()));
        }

        #[test]
        fn case_and_spacing_are_normalised(code in SERVER_PATTERN, spaces in "[ \t]{0,3}") {
            let sloppy = format!("{spaces}{}{spaces}", code.to_lowercase().replace(' ', &spaces));
            prop_assert_eq!(Postcode::parse(&sloppy).map(|p| p.0), Ok(code.clone()));
        }

        #[test]
        fn an_inward_letter_the_server_refuses_is_refused(
            code in SERVER_PATTERN,
            letter in "[CIKMOV]",
            from_end in 1..=2usize,
        ) {
            let mut bad = code.clone();
            bad.replace_range(code.len() - from_end..code.len() - from_end + 1, &letter);
            prop_assert!(Postcode::parse(&bad).is_err(), "{}", bad);
        }

        #[test]
        fn a_sector_that_is_not_a_digit_is_refused(code in SERVER_PATTERN, letter in "[A-Z]") {
            let mut bad = code.clone();
            bad.replace_range(code.len() - 3..code.len() - 2, &letter);
            prop_assert!(Postcode::parse(&bad).is_err(), "{}", bad);
        }

        #[test]
        fn an_outward_code_not_starting_with_a_letter_is_refused(
            code in SERVER_PATTERN,
            digit in "[0-9]",
        ) {
            let bad = format!("{digit}{}", &code[1..]);
            prop_assert!(Postcode::parse(&bad).is_err(), "{}", bad);
        }

        #[test]
        fn an_outward_code_too_long_is_refused(
            code in "[A-Z]{2}[0-9R][0-9A-Z][0-9A-Z] [0-9][ABD-HJLNP-UW-Z]{2}",
        ) {
            prop_assert!(Postcode::parse(&code).is_err(), "{}", code);
        }

        #[test]
        fn punctuation_or_other_letters_are_refused(
            code in SERVER_PATTERN,
            intruder in "[-.,/#éÅ0]",
            at in 0..8usize,
        ) {
            let compact = code.replace(' ', "");
            // A digit is a valid character in some places, so only test it after the inward
            // code, where it makes the postcode too long.
            let at = if intruder == "0" { compact.len() } else { at.min(compact.len()) };
            let mut bad = compact;
            bad.insert_str(at, &intruder);
            prop_assert!(Postcode::parse(&bad).is_err(), "{}", bad);
        }
    }
}
