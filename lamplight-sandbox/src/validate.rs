//! The server's value rules: postcodes, mobiles, HTML, dates and custom field values.

use time::macros::format_description;
use time::{Date, PrimitiveDateTime};

use crate::FieldValue;
use crate::config::{CustomField, FieldType};

/// Whether `value` matches Lamplight's UK postcode pattern
/// `^[A-Z]{1,2}[0-9R][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$`.
pub(crate) fn is_uk_postcode(value: &str) -> bool {
    let Some((outward, inward)) = value.split_once(' ') else {
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
/// `^(0|\+44 |\+44)7[0-9]{1}[\d]{2}[\s]{0,1}[\d]{6}$`.
pub(crate) fn is_uk_mobile(value: &str) -> bool {
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
pub(crate) fn contains_html_tag(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        if b != b'<' {
            return false;
        }
        let opens_tag = match bytes.get(i + 1) {
            Some(next) if next.is_ascii_alphabetic() || *next == b'!' || *next == b'?' => true,
            Some(b'/') => bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic),
            _ => false,
        };
        opens_tag && bytes[i + 1..].contains(&b'>')
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
    value: &FieldValue,
    option_ids: bool,
) -> Result<FieldValue, String> {
    let label = &field.label;
    let single = |value: &FieldValue| -> Result<String, String> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("{label} takes a single value, not a list"))
    };
    if !field.field_type.is_multiple() && value.as_str().is_none() {
        return Err(format!("{label} takes a single value, not a list"));
    }
    match field.field_type {
        FieldType::Text => Ok(FieldValue::One(single(value)?)),
        FieldType::Number => {
            let text = single(value)?;
            if text.is_empty() || is_number(&text) {
                Ok(FieldValue::One(text))
            } else {
                Err(format!("{label} must be a number, not '{text}'"))
            }
        }
        FieldType::Date => {
            let text = single(value)?;
            if text.is_empty() || parse_date_or_datetime(&text).is_some() {
                Ok(FieldValue::One(text))
            } else {
                Err(format!("{label} must be a date (YYYY-MM-DD), not '{text}'"))
            }
        }
        FieldType::Checkbox if field.options.is_empty() => {
            let text = single(value)?;
            match text.to_ascii_lowercase().as_str() {
                "" | "0" | "false" => Ok(FieldValue::One("0".to_owned())),
                "1" | "true" => Ok(FieldValue::One("1".to_owned())),
                _ => Err(format!(
                    "{label} is a tick box and takes 1 or 0, not '{text}'"
                )),
            }
        }
        FieldType::Select | FieldType::Radio => {
            let text = single(value)?;
            if text.is_empty() {
                return Ok(FieldValue::One(text));
            }
            option_label(field, &text, option_ids).map(FieldValue::One)
        }
        FieldType::MultiSelect | FieldType::Checkbox => {
            let labels = value
                .values()
                .iter()
                .filter(|value| !value.is_empty())
                .map(|value| option_label(field, value, option_ids))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(FieldValue::Many(labels))
        }
    }
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

    #[test]
    fn postcodes_follow_the_pattern() {
        for good in [
            "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB",
        ] {
            assert!(is_uk_postcode(good), "{good}");
        }
        for bad in [
            "sw1a 1aa",
            "SW1A1AA",
            "SW1A  1AA",
            "SW1A 1CA",
            "123 4AB",
            "SW1AB 1AA",
            "",
        ] {
            assert!(!is_uk_postcode(bad), "{bad}");
        }
    }

    #[test]
    fn mobiles_follow_the_pattern() {
        for good in [
            "07700900123",
            "07700 900123",
            "+447700900123",
            "+44 7700900123",
            "+44 7700 900123",
        ] {
            assert!(is_uk_mobile(good), "{good}");
        }
        for bad in [
            "0770090012",
            "06700900123",
            "+4407700900123",
            "07700  900123",
            "0770a900123",
        ] {
            assert!(!is_uk_mobile(bad), "{bad}");
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
        for plain in ["age < 18", "a > b", "1<2", "<3 you", "x << y", "< b >"] {
            assert!(!contains_html_tag(plain), "{plain}");
        }
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
}
