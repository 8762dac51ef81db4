//! The server's value rules: postcodes, mobiles, HTML, dates and custom field values.

use time::macros::format_description;
use time::{Date, PrimitiveDateTime};

use crate::StoredValue;
use crate::config::{CustomField, FieldType};

/// What PCRE's `$` (without the `D` modifier, as PHP's `preg_match` uses it) lets a pattern
/// end on: the end of the text, or just before one final newline.
fn pcre_subject(value: &str) -> &str {
    value.strip_suffix('\n').unwrap_or(value)
}

/// Whether `value` matches Lamplight's UK postcode pattern
/// `^[A-Z]{1,2}[0-9R][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$`, with PCRE's meaning of `$`.
pub(crate) fn is_uk_postcode(value: &str) -> bool {
    let Some((outward, inward)) = pcre_subject(value).split_once(' ') else {
        return false;
    };
    let inward = inward.as_bytes();
    let inward_ok = inward.len() == 3
        && inward[0].is_ascii_digit()
        && inward[1..].iter().all(|&b| is_inward_letter(b));
    let outward = outward.as_bytes();
    let outward_ok = (1..=2).any(|letters| {
        outward.len() > letters
            && outward.len() <= letters + 2
            && outward[..letters].iter().all(u8::is_ascii_uppercase)
            && (outward[letters].is_ascii_digit() || outward[letters] == b'R')
            && outward[letters + 1..]
                .iter()
                .all(|&b| b.is_ascii_digit() || b.is_ascii_uppercase())
    });
    inward_ok && outward_ok
}

fn is_inward_letter(b: u8) -> bool {
    b.is_ascii_uppercase() && !matches!(b, b'C' | b'I' | b'K' | b'M' | b'O' | b'V')
}

/// Whether `value` matches Lamplight's UK mobile pattern
/// `^(0|\+44 |\+44)7[0-9]{1}[\d]{2}[\s]{0,1}[\d]{6}$`, with PCRE's meaning of `$` and of
/// `\s` (space, tab, line feed, vertical tab, form feed, carriage return).
pub(crate) fn is_uk_mobile(value: &str) -> bool {
    let value = pcre_subject(value);
    ["0", "+44 ", "+44"].iter().any(|prefix| {
        value
            .strip_prefix(prefix)
            .is_some_and(|rest| mobile_rest(rest.as_bytes()))
    })
}

fn mobile_rest(rest: &[u8]) -> bool {
    let digits = |bytes: &[u8]| bytes.iter().all(u8::is_ascii_digit);
    let (head, tail) = match rest.len() {
        10 => (&rest[..4], &rest[4..]),
        11 if is_pcre_space(rest[4]) => (&rest[..4], &rest[5..]),
        _ => return false,
    };
    head[0] == b'7' && digits(head) && digits(tail)
}

fn is_pcre_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Whether `value` contains something a browser would take for an HTML tag: `<` followed by a
/// letter, `/` and a letter, `!` or `?`, closed later by `>`. A lone `<` used as a comparison
/// ("age < 18") is not a tag.
///
/// One pass over the text, so that a hostile value (a megabyte of `<a`) costs no more than a
/// plain one.
pub(crate) fn contains_html_tag(value: &str) -> bool {
    let bytes = value.as_bytes();
    // A tag needs a `>` after its `<`: only openers before the last `>` count.
    let Some(last_close) = bytes.iter().rposition(|&b| b == b'>') else {
        return false;
    };
    bytes[..last_close].iter().enumerate().any(|(i, &b)| {
        b == b'<'
            && match bytes.get(i + 1) {
                Some(next) if next.is_ascii_alphabetic() || *next == b'!' || *next == b'?' => true,
                Some(b'/') => bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic),
                _ => false,
            }
    })
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn parse_date_or_datetime(value: &str) -> Option<PrimitiveDateTime> {
    let date_time = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let date_only = format_description!("[year]-[month]-[day]");
    if value.len() == 10 {
        Date::parse(value, date_only)
            .ok()
            .map(|date| date.midnight())
    } else if value.len() == 19 {
        PrimitiveDateTime::parse(value, date_time).ok()
    } else {
        None
    }
}

/// Formats a date-time the way Lamplight does: `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn format_datetime(value: PrimitiveDateTime) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    value
        .format(format)
        .unwrap_or_else(|_| value.date().to_string())
}

/// The current time in Lamplight's format (UTC).
pub(crate) fn now() -> String {
    let now = time::OffsetDateTime::now_utc();
    format_datetime(PrimitiveDateTime::new(now.date(), now.time()))
}

fn is_number(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks a value against a custom field's type and options, and returns it normalised:
/// option ids (`option_54`, accepted when `option_ids` is set, as profiles allow) become labels.
/// An empty value is accepted for every type and clears the field.
pub(crate) fn check_custom_value(
    field: &CustomField,
    value: &StoredValue,
    option_ids: bool,
) -> Result<StoredValue, String> {
    let label = &field.label;
    let single = |value: &StoredValue| -> Result<String, String> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("{label} takes a single value, not a list"))
    };
    if !field.field_type.is_multiple() && value.as_str().is_none() {
        return Err(format!("{label} takes a single value, not a list"));
    }
    match field.field_type {
        FieldType::Text => Ok(StoredValue::One(single(value)?)),
        FieldType::Number => {
            let text = single(value)?;
            if text.is_empty() || is_number(&text) {
                Ok(StoredValue::One(text))
            } else {
                Err(format!("{label} must be a number, not '{text}'"))
            }
        }
        FieldType::Date => {
            let text = single(value)?;
            if text.is_empty() || parse_date_or_datetime(&text).is_some() {
                Ok(StoredValue::One(text))
            } else {
                Err(format!("{label} must be a date (YYYY-MM-DD), not '{text}'"))
            }
        }
        FieldType::Checkbox if field.options.is_empty() => {
            let text = single(value)?;
            match text.to_ascii_lowercase().as_str() {
                "" | "0" | "false" => Ok(StoredValue::One("0".to_owned())),
                "1" | "true" => Ok(StoredValue::One("1".to_owned())),
                _ => Err(format!(
                    "{label} is a tick box and takes 1 or 0, not '{text}'"
                )),
            }
        }
        FieldType::Select | FieldType::Radio => {
            let text = single(value)?;
            if text.is_empty() {
                return Ok(StoredValue::One(text));
            }
            option_label(field, &text, option_ids).map(StoredValue::One)
        }
        FieldType::MultiSelect | FieldType::Checkbox => {
            let labels = value
                .values()
                .iter()
                .filter(|value| !value.is_empty())
                .map(|value| option_label(field, value, option_ids))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(StoredValue::Many(labels))
        }
    }
}

/// The first field Lamplight's admin made mandatory that a create leaves out or sends empty.
///
/// Only writable fields count: one the API may not write cannot be sent, so requiring it would
/// refuse every create.
pub(crate) fn missing_required<'f, 'v>(
    fields: &'f [CustomField],
    given: impl Iterator<Item = (&'v str, &'v StoredValue)> + Clone,
) -> Option<&'f CustomField> {
    fields
        .iter()
        .filter(|field| field.required && field.writable)
        .find(|field| {
            !given.clone().any(|(label, value)| {
                label == field.label && value.values().iter().any(|v| !v.trim().is_empty())
            })
        })
}

fn option_label(field: &CustomField, value: &str, option_ids: bool) -> Result<String, String> {
    if let Some(option) = field.options.iter().find(|option| option.label == value) {
        return Ok(option.label.clone());
    }
    if option_ids {
        let by_id = value
            .strip_prefix("option_")
            .and_then(|id| id.parse::<u64>().ok())
            .and_then(|id| field.options.iter().find(|option| option.id == id));
        if let Some(option) = by_id {
            return Ok(option.label.clone());
        }
    }
    let labels: Vec<&str> = field
        .options
        .iter()
        .map(|option| option.label.as_str())
        .collect();
    Err(format!(
        "'{value}' is not an option of {}; expected one of: {}",
        field.label,
        labels.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented postcode pattern, case by case: (value, matches).
    const POSTCODES: &[(&str, bool)] = &[
        // The shapes of UK postcodes: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA.
        ("M1 1AE", true),
        ("B33 8TH", true),
        ("W1A 0AX", true),
        ("CR2 6XH", true),
        ("DN55 1PT", true),
        ("EC1A 1BB", true),
        ("SW1A 1AA", true),
        ("SE11 6LU", true),
        // `[0-9R]`: an R may stand where the district digit goes.
        ("AR 1AA", true),
        ("GIR 0AA", true),
        // PCRE's `$` also matches before one final newline.
        ("SW1A 1AA\n", true),
        ("SW1A 1AA\n\n", false),
        ("SW1A 1AA\r\n", false),
        // No `i` modifier: lower case is refused.
        ("sw1a 1aa", false),
        ("Sw1A 1AA", false),
        ("SW1A 1aa", false),
        // Exactly one space.
        ("SW1A1AA", false),
        ("M11AE", false),
        ("SW1A  1AA", false),
        (" SW1A 1AA", false),
        ("SW1A 1AA ", false),
        ("SW1A\t1AA", false),
        // The inward code's letters exclude C, I, K, M, O and V.
        ("SW1A 1CA", false),
        ("SW1A 1AI", false),
        ("SW1A 1KA", false),
        ("SW1A 1AM", false),
        ("SW1A 1OA", false),
        ("SW1A 1AV", false),
        ("SW1A 1AZ", true),
        // Lengths and positions.
        ("123 4AB", false),
        ("SW1AB 1AA", false),
        ("SWA1 1AA", false),
        ("S 1AA", false),
        ("ABC1 1AA", false),
        ("SW1A 11A", false),
        ("SW1A 1A", false),
        ("SW1A 1AAA", false),
        ("SW1A A1A", false),
        ("", false),
        (" ", false),
        ("ＳW1A 1AA", false),
    ];

    #[test]
    fn postcodes_follow_the_documented_pattern() {
        for (value, expected) in POSTCODES {
            assert_eq!(is_uk_postcode(value), *expected, "{value:?}");
        }
    }

    /// The documented mobile pattern, case by case: (value, matches).
    const MOBILES: &[(&str, bool)] = &[
        ("07700900123", true),
        ("07700 900123", true),
        ("+447700900123", true),
        ("+44 7700900123", true),
        ("+44 7700 900123", true),
        ("07911 123456", true),
        // `\s` is any PCRE white space, at most one, and only after the fourth digit.
        ("07700\t900123", true),
        ("07700\x0b900123", true),
        ("07700  900123", false),
        ("0770 0900123", false),
        ("077009 00123", false),
        ("07700 900 123", false),
        ("+44  7700900123", false),
        // PCRE's `$` also matches before one final newline.
        ("07700900123\n", true),
        ("07700900123\n\n", false),
        (" 07700900123", false),
        ("07700900123 ", false),
        // Landlines and other non-mobiles.
        ("020 7946 0018", false),
        ("02079460018", false),
        ("01632 960000", false),
        ("0161 496 0000", false),
        ("+44 20 7946 0018", false),
        ("+442079460018", false),
        ("08001111", false),
        ("06700900123", false),
        // Wrong prefixes and lengths.
        ("7700900123", false),
        ("447700900123", false),
        ("+4407700900123", false),
        ("+44 07700900123", false),
        ("0044 7700900123", false),
        ("+353 87 123 4567", false),
        ("+1 555 0100", false),
        ("0770090012", false),
        ("077009001234", false),
        ("07700 90012", false),
        ("0770a900123", false),
        ("07700-900123", false),
        ("٠٧٧٠٠٩٠٠١٢٣", false),
        ("", false),
    ];

    #[test]
    fn mobiles_follow_the_documented_pattern() {
        for (value, expected) in MOBILES {
            assert_eq!(is_uk_mobile(value), *expected, "{value:?}");
        }
    }

    #[test]
    fn html_tags_are_told_from_comparisons() {
        for tag in [
            "<b>x</b>",
            "</p>",
            "<a href=x>",
            "<!-- c -->",
            "<script>alert(1)</script>",
            "<?php ?>",
        ] {
            assert!(contains_html_tag(tag), "{tag}");
        }
        for plain in [
            "age < 18",
            "a > b",
            "1<2",
            "<3 you",
            "x << y",
            "< b >",
            "<b",
            "> <b",
            "a <= b >= c",
            "",
        ] {
            assert!(!contains_html_tag(plain), "{plain}");
        }
        assert!(
            contains_html_tag("x<y and z>1"),
            "a letter after `<` opens a tag"
        );
    }

    #[test]
    fn a_long_hostile_value_is_checked_in_one_pass() {
        // Quadratic scanning would take minutes over this; one pass takes microseconds.
        let openers = "<a".repeat(500_000);
        assert!(!contains_html_tag(&openers));
        assert!(contains_html_tag(&format!("{openers}>")));
    }

    #[test]
    fn dates_take_both_forms() {
        assert!(parse_date_or_datetime("2024-02-29").is_some());
        assert!(parse_date_or_datetime("2024-02-29 13:45:00").is_some());
        assert!(parse_date_or_datetime("2023-02-29").is_none());
        assert!(parse_date_or_datetime("29/02/2024").is_none());
    }

    #[test]
    fn numbers() {
        assert!(is_number("12") && is_number("-3.5"));
        assert!(!is_number("1e3") && !is_number("12.") && !is_number("-") && !is_number("x"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

        #[test]
        fn any_text_is_judged_without_panicking(text in proptest::prelude::any::<String>()) {
            if is_uk_postcode(&text) {
                let bare = text.strip_suffix('\n').unwrap_or(&text);
                proptest::prop_assert!((6..=8).contains(&bare.len()), "{bare:?}");
            }
            if is_uk_mobile(&text) {
                proptest::prop_assert!(text.bytes().filter(u8::is_ascii_digit).count() >= 11);
            }
            let _ = contains_html_tag(&text);
            let _ = parse_date_or_datetime(&text);
            let _ = is_number(&text);
        }

        #[test]
        fn any_value_of_any_field_is_judged_without_panicking(
            text in proptest::prelude::any::<String>(),
            list in proptest::collection::vec(proptest::prelude::any::<String>(), 0..4),
        ) {
            use crate::config::FieldOption;
            let types = [
                FieldType::Text,
                FieldType::Number,
                FieldType::Date,
                FieldType::Select,
                FieldType::Radio,
                FieldType::MultiSelect,
                FieldType::Checkbox,
            ];
            for field_type in types {
                let field = CustomField {
                    id: Some(1),
                    label: "Field".to_owned(),
                    field_type,
                    options: vec![FieldOption { id: 7, label: text.clone() }],
                    writable: true,
                    readable: true,
                    required: false,
                };
                for value in [StoredValue::One(text.clone()), StoredValue::Many(list.clone())] {
                    for ids in [false, true] {
                        if let Ok(checked) = check_custom_value(&field, &value, ids) {
                            proptest::prop_assert_eq!(
                                checked.as_str().is_none(),
                                field_type.is_multiple(),
                                "{:?}", field_type
                            );
                        }
                    }
                }
            }
        }
    }
}
