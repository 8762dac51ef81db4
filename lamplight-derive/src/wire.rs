//! What each field of a record is on the wire, by Lamplight's naming rules.

use std::borrow::Cow;

use lamplight_core::RecordKind;
use lamplight_core::schema::{self, BuiltIn};

use crate::ast::Field;

/// How a field is sent.
pub enum Mapping {
    /// `#[lamplight(skip)]`: never sent.
    Skipped,
    /// `#[lamplight(role)]`: the profile's role, sent as `role`.
    Role,
    /// One of Lamplight's own fields.
    BuiltIn(&'static BuiltIn),
    /// A custom field addressed by its label.
    Custom {
        /// The label as Lamplight shows it.
        label: String,
        /// The label with spaces as `_`.
        wire_name: String,
    },
    /// A custom profile field addressed by id, as `profile_field_N`.
    CustomId {
        id: u32,
        /// A label for forms and documentation.
        label: String,
    },
}

impl Mapping {
    /// How `field` is sent on a record of `kind`.
    pub fn of(field: &Field<'_>, kind: RecordKind) -> Mapping {
        let attrs = &field.attrs;
        let label = || match &attrs.rename {
            Some(rename) => rename.value.value(),
            None => schema::label_for_field(&field.name),
        };
        if attrs.skip.is_some() {
            Mapping::Skipped
        } else if attrs.role.is_some() {
            Mapping::Role
        } else if let Some(id) = &attrs.field_id {
            Mapping::CustomId {
                id: id.value.value,
                label: label(),
            }
        } else if let Some(builtin) =
            schema::builtin_for(kind, &field.name).filter(|_| attrs.rename.is_none())
        {
            Mapping::BuiltIn(builtin)
        } else {
            let label = label();
            Mapping::Custom {
                wire_name: schema::wire_name(&label),
                label,
            }
        }
    }

    /// The parameter name the field is sent under; `None` for a skipped field.
    pub fn wire_name(&self) -> Option<Cow<'_, str>> {
        match self {
            Mapping::Skipped => None,
            Mapping::Role => Some(Cow::Borrowed("role")),
            Mapping::BuiltIn(builtin) => Some(Cow::Borrowed(builtin.wire_name)),
            Mapping::Custom { wire_name, .. } => Some(Cow::Borrowed(wire_name)),
            Mapping::CustomId { id, .. } => Some(Cow::Owned(format!("profile_field_{id}"))),
        }
    }

    /// The label for forms and documentation.
    pub fn label(&self) -> &str {
        match self {
            Mapping::Skipped => "",
            Mapping::Role => "Role",
            Mapping::BuiltIn(builtin) => builtin.label,
            Mapping::Custom { label, .. } | Mapping::CustomId { label, .. } => label,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Struct;
    use crate::ctxt::Ctxt;

    fn mappings(kind: RecordKind, source: &str) -> Vec<(String, Option<String>, String)> {
        let input: syn::DeriveInput = syn::parse_str(source).expect("test input parses");
        let cx = Ctxt::new();
        let parsed = Struct::from_syn(&cx, &input).expect("a struct");
        let out = parsed
            .fields
            .iter()
            .map(|field| {
                let mapping = Mapping::of(field, kind);
                (
                    field.name.clone(),
                    mapping.wire_name().map(Cow::into_owned),
                    mapping.label().to_owned(),
                )
            })
            .collect();
        cx.check().expect("no attribute errors");
        out
    }

    #[test]
    fn fields_map_to_builtins_custom_fields_and_ids() {
        let source = r#"struct R {
            reason: String,
            #[lamplight(rename = "Date")] date: String,
            how_did_you_hear: String,
            #[lamplight(field_id = 12, rename = "Gender")] gender: u8,
            #[lamplight(skip)] private: u8,
            #[lamplight(role)] role: Role,
            r#type: String,
        }"#;
        let got = mappings(RecordKind::Referral, source);
        let want = [
            ("reason", Some("referral_reason"), "Reason for referral"),
            ("date", Some("Date"), "Date"),
            (
                "how_did_you_hear",
                Some("how_did_you_hear"),
                "how did you hear",
            ),
            ("gender", Some("profile_field_12"), "Gender"),
            ("private", None, ""),
            ("role", Some("role"), "Role"),
            ("type", Some("type"), "type"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(name, wire, label)| {
                (name.to_string(), wire.map(str::to_owned), label.to_string())
            })
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn builtins_depend_on_the_kind() {
        let source = "struct P { name: String, first_name: String, postcode: String }";
        let person = mappings(RecordKind::Person, source);
        assert_eq!(person[0].2, "name");
        assert_eq!(person[1].2, "First name");
        assert_eq!(person[2].2, "Postcode");
        let org = mappings(RecordKind::Organisation, source);
        assert_eq!(org[0].2, "Name");
        assert_eq!(org[1].2, "first name");
    }
}
