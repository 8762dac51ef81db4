//! Lamplight's naming rules, shared by the derive (at compile time) and dynamic records (at run
//! time), so both accept and refuse exactly the same schemas.

use std::fmt;

use crate::{RecordKind, Role};

/// One of Lamplight's own fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltIn {
    /// The field names that map to it (the wire name itself, and any friendlier alias).
    pub rust_names: &'static [&'static str],
    /// The parameter name on the wire.
    pub wire_name: &'static str,
    /// A readable label for forms and documentation.
    pub label: &'static str,
}

const fn builtin(
    rust_names: &'static [&'static str],
    wire_name: &'static str,
    label: &'static str,
) -> BuiltIn {
    BuiltIn {
        rust_names,
        wire_name,
        label,
    }
}

const REFERRAL: &[BuiltIn] = &[
    builtin(&["attendee"], "attendee", "Attendee"),
    builtin(&["referrer"], "referrer", "Referrer"),
    builtin(
        &["reason", "referral_reason"],
        "referral_reason",
        "Reason for referral",
    ),
    builtin(&["date", "date_from"], "date_from", "Referral date"),
    builtin(&["workarea", "workareaid"], "workareaid", "Workarea"),
];

const PERSON: &[BuiltIn] = &[
    builtin(&["first_name"], "first_name", "First name"),
    builtin(&["surname"], "surname", "Surname"),
];

const NAMED: &[BuiltIn] = &[builtin(&["name"], "name", "Name")];

const PROFILE: &[BuiltIn] = &[
    builtin(&["address_line_1"], "address_line_1", "Address line 1"),
    builtin(&["address_line_2"], "address_line_2", "Address line 2"),
    builtin(&["address_line_3"], "address_line_3", "Address line 3"),
    builtin(&["address_line_4"], "address_line_4", "Address line 4"),
    builtin(&["address_line_5"], "address_line_5", "Address line 5"),
    builtin(&["postcode"], "postcode", "Postcode"),
    builtin(&["mobile"], "mobile", "Mobile"),
    builtin(&["phone"], "phone", "Phone"),
    builtin(&["email"], "email", "Email"),
    builtin(&["web"], "web", "Website"),
    builtin(&["publishable"], "publishable", "Publishable"),
    builtin(&["publish_update"], "publish_update", "Publish updates"),
];

/// The parameter names no custom field may take: `role` and `id` carry the request's own meaning.
pub const RESERVED: &[&str] = &["role", "id"];

/// The built-in fields of `kind`, in Lamplight's order.
pub fn builtins(kind: RecordKind) -> impl Iterator<Item = &'static BuiltIn> {
    let (own, shared): (&[BuiltIn], &[BuiltIn]) = match kind {
        RecordKind::Referral => (REFERRAL, &[]),
        RecordKind::Person => (PERSON, PROFILE),
        RecordKind::Organisation | RecordKind::Family => (NAMED, PROFILE),
    };
    own.iter().chain(shared)
}

/// The built-in that a field called `field_name` maps to on a record of `kind`.
///
/// ```
/// use lamplight_core::RecordKind;
/// use lamplight_core::schema::builtin_for;
///
/// assert_eq!(builtin_for(RecordKind::Referral, "reason").unwrap().wire_name, "referral_reason");
/// assert!(builtin_for(RecordKind::Referral, "school_year").is_none());
/// ```
pub fn builtin_for(kind: RecordKind, field_name: &str) -> Option<&'static BuiltIn> {
    builtins(kind).find(|b| b.rust_names.contains(&field_name))
}

/// Why a field name belongs to another kind of record, e.g. `name` on a person.
pub fn misplaced_builtin(kind: RecordKind, field_name: &str) -> Option<String> {
    match (kind, field_name) {
        (RecordKind::Person, "name") => Some(
            "a person has no `name` field; Lamplight names people with `first_name` and `surname`"
                .to_owned(),
        ),
        (RecordKind::Organisation | RecordKind::Family, "first_name" | "surname") => Some(format!(
            "{} has no `{field_name}` field; Lamplight names organisations and families with `name`",
            article(kind)
        )),
        _ => None,
    }
}

/// The label a custom field's Rust name stands for: `_` stands for a space.
///
/// ```
/// assert_eq!(lamplight_core::schema::label_for_field("school_year"), "school year");
/// ```
pub fn label_for_field(field_name: &str) -> String {
    field_name
        .strip_prefix("r#")
        .unwrap_or(field_name)
        .replace('_', " ")
}

/// The wire name of a custom field with `label`: spaces become `_`.
///
/// ```
/// assert_eq!(lamplight_core::schema::wire_name("How did you hear"), "How_did_you_hear");
/// ```
pub fn wire_name(label: &str) -> String {
    label.replace(' ', "_")
}

/// Whether two wire names address the same field. Lamplight matches labels without regard to
/// case, so `school_year` and `School_year` collide.
pub fn same_wire_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// What is wrong with a custom field's label.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LabelError {
    /// The label is empty.
    Empty,
    /// The label contains `_`, which stands for a space on the wire.
    Underscore,
    /// The label starts or ends with a space.
    OuterSpace,
    /// The label has two spaces in a row.
    DoubleSpace,
    /// The label holds a character the server rewrites in parameter names (`.`, `[`, `]`).
    Unaddressable(char),
    /// The label holds a control character such as a newline.
    Control,
}

impl fmt::Display for LabelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelError::Empty => f.write_str(
                "a custom field's label cannot be empty; use the label exactly as Lamplight shows it",
            ),
            LabelError::Underscore => f.write_str(
                "a label containing `_` cannot be addressed reliably, because `_` stands for a \
                 space on the wire; rename the field in Lamplight, or use `field_id` on a profile",
            ),
            LabelError::OuterSpace => f.write_str(
                "a label cannot start or end with a space; for a field name, drop the leading or \
                 trailing `_`, or give the label with `rename = \"...\"`",
            ),
            LabelError::DoubleSpace => f.write_str(
                "a label cannot hold two spaces in a row; for a field name, use a single `_` \
                 between words, or give the label with `rename = \"...\"`",
            ),
            LabelError::Unaddressable(c) => write!(
                f,
                "a label containing `{c}` cannot be addressed, because the server rewrites `{c}` \
                 in parameter names; rename the field in Lamplight, or use `field_id` on a profile"
            ),
            LabelError::Control => f.write_str(
                "a label cannot hold control characters such as a newline or tab",
            ),
        }
    }
}

impl std::error::Error for LabelError {}

/// Checks a custom field's label against Lamplight's naming rules.
///
/// ```
/// use lamplight_core::schema::{LabelError, check_label};
///
/// assert!(check_label("How did you hear").is_ok());
/// assert_eq!(check_label("school_year"), Err(LabelError::Underscore));
/// assert_eq!(check_label("Age  group"), Err(LabelError::DoubleSpace));
/// ```
pub fn check_label(label: &str) -> Result<(), LabelError> {
    if label.is_empty() {
        return Err(LabelError::Empty);
    }
    if label.contains('_') {
        return Err(LabelError::Underscore);
    }
    if label.starts_with(' ') || label.ends_with(' ') {
        return Err(LabelError::OuterSpace);
    }
    if label.contains("  ") {
        return Err(LabelError::DoubleSpace);
    }
    if let Some(c) = label.chars().find(|c| matches!(c, '.' | '[' | ']')) {
        return Err(LabelError::Unaddressable(c));
    }
    if label.chars().any(char::is_control) {
        return Err(LabelError::Control);
    }
    Ok(())
}

/// Why a custom field's wire name clashes with a name Lamplight already uses on `kind`, if it does.
pub fn builtin_clash(kind: RecordKind, wire: &str) -> Option<String> {
    if let Some(reserved) = RESERVED.iter().find(|r| same_wire_name(r, wire)) {
        return Some(format!(
            "`{reserved}` is a parameter of the request itself, so no custom field may be sent as \
             `{wire}`{}",
            if *reserved == "role" {
                "; mark a `Role` field with `#[lamplight(role)]` to send the profile's role"
            } else {
                ""
            }
        ));
    }
    builtins(kind)
        .find(|b| same_wire_name(b.wire_name, wire))
        .map(|b| {
            format!(
                "the custom field `{wire}` would be sent under the built-in name `{}`; name the \
                 Rust field `{}` to send the built-in, or give the custom field another label",
                b.wire_name, b.rust_names[0]
            )
        })
}

/// `kind` with its article, for messages: `a person`, `an organisation`.
#[doc(hidden)]
pub fn article(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Referral => "a referral",
        RecordKind::Person => "a person",
        RecordKind::Organisation => "an organisation",
        RecordKind::Family => "a family",
    }
}

/// The roles `kind` takes, for messages: "`user`, `contact`, `staff` or `funder`".
#[doc(hidden)]
pub fn roles_of(kind: RecordKind) -> String {
    let names: Vec<String> = kind
        .roles()
        .iter()
        .map(|role| format!("`{}`", role.as_str()))
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::from("no role"),
    }
}

/// Why a profile of `kind` cannot take `role`, or `None` when it can.
///
/// ```
/// use lamplight_core::schema::role_refused;
/// use lamplight_core::{RecordKind, Role};
///
/// assert_eq!(
///     role_refused(RecordKind::Organisation, Role::Staff).as_deref(),
///     Some(
///         "an organisation cannot take the role `staff`; \
///          an organisation takes `user`, `contact`, `funder` or `org`"
///     )
/// );
/// assert_eq!(role_refused(RecordKind::Person, Role::Staff), None);
/// ```
pub fn role_refused(kind: RecordKind, role: Role) -> Option<String> {
    (!role.is_valid_for(kind)).then(|| {
        let a = article(kind);
        format!(
            "{a} cannot take the role `{role}`; {a} takes {}",
            roles_of(kind)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_per_kind() {
        assert_eq!(
            builtin_for(RecordKind::Person, "first_name")
                .unwrap()
                .wire_name,
            "first_name"
        );
        assert!(builtin_for(RecordKind::Person, "name").is_none());
        assert!(misplaced_builtin(RecordKind::Person, "name").is_some());
        assert!(misplaced_builtin(RecordKind::Family, "surname").is_some());
        assert_eq!(
            builtin_for(RecordKind::Family, "name").unwrap().label,
            "Name"
        );
        assert_eq!(
            builtin_for(RecordKind::Organisation, "publish_update")
                .unwrap()
                .wire_name,
            "publish_update"
        );
        assert!(builtin_for(RecordKind::Referral, "postcode").is_none());
    }

    #[test]
    fn clashes_ignore_case() {
        assert!(builtin_clash(RecordKind::Referral, "Referral_reason").is_some());
        assert!(builtin_clash(RecordKind::Person, "Role").is_some());
        assert!(builtin_clash(RecordKind::Person, "school_year").is_none());
        assert!(same_wire_name("school_year", "School_year"));
    }

    #[test]
    fn labels() {
        assert_eq!(check_label(""), Err(LabelError::Empty));
        assert_eq!(check_label(" Age"), Err(LabelError::OuterSpace));
        assert_eq!(check_label("Dr. Who"), Err(LabelError::Unaddressable('.')));
        assert_eq!(check_label("Line\nbreak"), Err(LabelError::Control));
        assert!(check_label("Café & bar = 2").is_ok());
        assert_eq!(label_for_field("r#type"), "type");
    }
}
