//! The rules that involve several fields or attributes at once, and the checked models that
//! code generation works from.

use lamplight_core::schema::{self, article as a, role_refused, roles_of};
use lamplight_core::{RecordKind, Role, find_html_tag};
use lamplight_schema::nearest;
use syn::Type;

use crate::against::{self, Bound};
use crate::ast::{Enum, Field, Struct, Variant};
use crate::ctxt::Ctxt;
use crate::system::{self, Lookup};
use crate::wire::Mapping;

/// A record whose kind is known, with how each field is sent.
pub struct Record<'s, 'a> {
    pub input: &'s Struct<'a>,
    pub kind: RecordKind,
    /// The fixed role given by `role = "..."` on the struct.
    pub role: Option<Role>,
    /// Every field, skipped ones included, with how it is sent.
    pub fields: Vec<(&'s Field<'a>, Mapping)>,
    /// The schema file checked against, and whether finding it read the environment.
    pub lookup: Lookup,
    /// For each of `fields`, the schema's field it is bound to; empty without a schema.
    pub bound: Vec<Option<Bound>>,
}

/// An option enum with each variant's label and wire value.
pub struct OptionEnum<'s, 'a> {
    pub input: &'s Enum<'a>,
    /// Every variant with its option.
    pub options: Vec<Choice<'s, 'a>>,
}

/// One variant of an option enum, as Lamplight sees it.
pub struct Choice<'s, 'a> {
    pub variant: &'s Variant<'a>,
    /// The option's label.
    pub label: String,
    /// What is sent for it: the label, or `option_N`.
    pub wire_value: String,
    /// The option's id, when it is sent by id.
    pub id: Option<u32>,
}

const MISSING_KIND: &str = "missing record kind: say which Lamplight record this is with \
    `#[lamplight(referral)]`, `#[lamplight(person, role = \"user\")]`, \
    `#[lamplight(organisation, role = \"org\")]` or `#[lamplight(family, role = \"user\")]`";

/// Checks a record; the model is `None` when its kind is unknown.
pub fn record<'s, 'a>(cx: &Ctxt, input: &'s Struct<'a>) -> Option<Record<'s, 'a>> {
    for field in &input.fields {
        contradictions(cx, field);
    }
    let Some(kind) = input.attrs.kind.as_ref().map(|kind| kind.value) else {
        // A struct key that was not understood was most likely the kind, misspelt: one error
        // is enough.
        if !input.attrs.unsure {
            cx.error_at(input.ident().span(), MISSING_KIND);
        }
        return None;
    };
    let fields: Vec<_> = input
        .fields
        .iter()
        .map(|field| (field, Mapping::of(field, kind)))
        .collect();
    let role = role(cx, input, kind, &fields);
    let checked: Vec<bool> = fields
        .iter()
        .map(|(field, mapping)| field_rules(cx, kind, field, mapping))
        .collect();
    let named: Vec<_> = fields
        .iter()
        .zip(&checked)
        .filter(|(_, ok)| **ok)
        .map(|(field, _)| field)
        .collect();
    unique_wire_names(cx, &named);
    if kind == RecordKind::Referral {
        attendee(cx, input, &fields);
    }
    let lookup = system::lookup(cx, &input.attrs, input.ident().span());
    let bound = match &lookup.loaded {
        Some(loaded) => against::check(cx, input, kind, &fields, &checked, loaded),
        None => Vec::new(),
    };
    Some(Record {
        input,
        kind,
        role,
        fields,
        lookup,
        bound,
    })
}

/// Attributes that cannot go together on one field.
fn contradictions(cx: &Ctxt, field: &Field<'_>) {
    let attrs = &field.attrs;
    if attrs.skip.is_some() {
        let others = [
            attrs.rename.as_ref().map(|rename| ("rename", rename.key)),
            attrs.field_id.as_ref().map(|id| ("field_id", id.key)),
            attrs.role.map(|role| ("role", role)),
        ];
        for (key, span) in others.into_iter().flatten() {
            cx.error_at(
                span,
                format!(
                    "`{key}` has no effect on a field marked `skip`, which is never sent; \
                     remove `{key}`, or remove `skip` to send the field"
                ),
            );
        }
    } else if attrs.role.is_some() {
        if let Some(rename) = &attrs.rename {
            cx.error_at(
                rename.key,
                "the role field is always sent as `role`, so it cannot be renamed; remove \
                 `rename`, or remove `role` to send the field as a custom field",
            );
        }
        if let Some(id) = &attrs.field_id {
            cx.error_at(
                id.key,
                "the role field is always sent as `role`, so it takes no `field_id`; remove \
                 `field_id`, or remove `role` to send the field as a custom field",
            );
        }
    }
}

/// The fixed role, checking that a profile has exactly one source of its role.
fn role(
    cx: &Ctxt,
    input: &Struct<'_>,
    kind: RecordKind,
    fields: &[(&Field<'_>, Mapping)],
) -> Option<Role> {
    let role_fields: Vec<&Field<'_>> = fields
        .iter()
        .filter(|(_, mapping)| matches!(mapping, Mapping::Role))
        .map(|(field, _)| *field)
        .collect();
    let attr = input.attrs.role.as_ref();
    if !kind.is_profile() {
        let no_role = "a referral has no role: Lamplight gives roles to profiles (`person`, \
                       `organisation`, `family`) only; remove `role`";
        if let Some(attr) = attr {
            cx.error_at(attr.key, no_role);
        }
        for field in &role_fields {
            if let Some(span) = field.attrs.role {
                cx.error_at(span, no_role);
            }
        }
        return None;
    }
    let valid = roles_of(kind);
    let fixed = attr.and_then(|attr| {
        let name = attr.value.value();
        match Role::from_wire(&name) {
            None => {
                let hint = nearest(&name, kind.roles().iter().map(|role| role.as_str()))
                    .map(|near| format!("did you mean `{near}`? "))
                    .unwrap_or_default();
                cx.error_spanned_by(
                    &attr.value,
                    format!(
                        "`{name}` is not a Lamplight role; {hint}{} takes {valid}",
                        a(kind)
                    ),
                );
                None
            }
            Some(role) => match role_refused(kind, role) {
                Some(refused) => {
                    cx.error_spanned_by(&attr.value, refused);
                    None
                }
                None => Some(role),
            },
        }
    });
    // A key that was not understood may well have been the role, misspelt: one error is enough.
    let unsure = input.attrs.unsure || input.fields.iter().any(|field| field.attrs.unsure);
    match (attr, role_fields.split_first()) {
        (None, None) if unsure => {}
        (None, None) => cx.error_at(
            input.ident().span(),
            format!(
                "{} profile needs a role: add `role = \"{}\"` to `#[lamplight({kind}, ..)]` \
                 ({} takes {valid}), or mark a field of type `Role` with `#[lamplight(role)]`",
                a(kind),
                kind.roles()[0].as_str(),
                a(kind)
            ),
        ),
        (Some(_), _) => {
            for field in &role_fields {
                if let Some(span) = field.attrs.role {
                    cx.error_at(
                        span,
                        "the role is given twice: the struct already fixes it with `role = \
                         \"..\"`; remove `#[lamplight(role)]` here, or remove `role` from the \
                         struct to take the role from this field",
                    );
                }
            }
        }
        (None, Some((first, rest))) => {
            for field in rest {
                if let Some(span) = field.attrs.role {
                    cx.error_at(
                        span,
                        format!(
                            "a profile has one role, and the field `{}` already holds it; \
                             remove `#[lamplight(role)]` here",
                            first.name
                        ),
                    );
                }
            }
        }
    }
    fixed
}

/// Checks one field's name or label; `false` when it was reported, so later rules skip it.
fn field_rules(cx: &Ctxt, kind: RecordKind, field: &Field<'_>, mapping: &Mapping) -> bool {
    if field.attrs.unsure {
        // Its attributes were not understood, so how it is sent is not known either.
        return false;
    }
    match mapping {
        Mapping::Skipped | Mapping::Role | Mapping::BuiltIn(_) => true,
        Mapping::CustomId { label, .. } => {
            let Some(id) = &field.attrs.field_id else {
                return true;
            };
            if !kind.is_profile() {
                cx.error_at(
                    id.key,
                    format!(
                        "`field_id` sends a profile's custom field by id (`profile_field_N`), \
                         and this is {}; address a referral's custom field by its label, with \
                         the field's name or `rename = \"Label\"`",
                        a(kind)
                    ),
                );
                return false;
            }
            if label.trim().is_empty() {
                cx.error_at(
                    field.label_span(),
                    "the label cannot be empty; give the label Lamplight shows for the field, \
                     or remove `rename`",
                );
                return false;
            }
            true
        }
        Mapping::Custom { label, wire_name } => {
            if field.attrs.rename.is_none()
                && let Some(reason) = schema::misplaced_builtin(kind, &field.name)
            {
                cx.error_at(field.ident.span(), reason);
                return false;
            }
            if let Err(err) = schema::check_label(label) {
                cx.error_at(field.label_span(), err);
                return false;
            }
            if let Some(reason) = schema::builtin_clash(kind, wire_name) {
                cx.error_at(field.label_span(), reason);
                return false;
            }
            true
        }
    }
}

/// Two fields must never be sent under one name; Lamplight ignores case.
fn unique_wire_names(cx: &Ctxt, fields: &[&(&Field<'_>, Mapping)]) {
    let sent: Vec<_> = fields
        .iter()
        .filter(|(_, mapping)| !matches!(mapping, Mapping::Role))
        .filter_map(|(field, mapping)| Some((*field, mapping, mapping.wire_name()?)))
        .collect();
    for (i, (field, mapping, wire)) in sent.iter().enumerate() {
        let Some((earlier, earlier_mapping, earlier_wire)) = sent[..i]
            .iter()
            .find(|(_, _, other)| schema::same_wire_name(other, wire))
        else {
            continue;
        };
        match (mapping, earlier_mapping) {
            (Mapping::BuiltIn(builtin), Mapping::BuiltIn(_)) => cx.error_at(
                field.ident.span(),
                format!(
                    "the fields `{}` and `{}` both send the built-in `{}`; keep only one of them",
                    earlier.name, field.name, builtin.wire_name
                ),
            ),
            (Mapping::CustomId { id, .. }, Mapping::CustomId { .. }) => {
                let span = field
                    .attrs
                    .field_id
                    .as_ref()
                    .map_or_else(|| field.ident.span(), |given| given.value.lit.span());
                cx.error_at(
                    span,
                    format!(
                        "`field_id = {id}` is already the id of the field `{}`, and each custom \
                         field has its own id in Lamplight; give this field its own id, or \
                         remove one of them",
                        earlier.name
                    ),
                );
            }
            _ => {
                let case = if earlier_wire == wire {
                    String::new()
                } else {
                    format!(
                        " as `{earlier_wire}`, and Lamplight matches field names without regard \
                         to case"
                    )
                };
                cx.error_at(
                    field.label_span(),
                    format!(
                        "`{}` would be sent as `{wire}`, but the field `{}` is already sent{case}; \
                         give one of them another label with `rename = \"...\"`, or remove one",
                        field.name, earlier.name
                    ),
                );
            }
        }
    }
}

/// A referral must name, as a required value, the profile it refers.
fn attendee(cx: &Ctxt, input: &Struct<'_>, fields: &[(&Field<'_>, Mapping)]) {
    let attendee = fields.iter().find(|(_, mapping)| {
        matches!(mapping, Mapping::BuiltIn(builtin) if builtin.wire_name == "attendee")
    });
    match attendee {
        Some((field, _)) => {
            if is_option(field.ty) {
                cx.error_spanned_by(
                    field.ty,
                    "a referral's `attendee` is required: Lamplight refuses a referral that names \
                     no one; make it a `ProfileRef` (a profile id or email), not an `Option`",
                );
            }
        }
        None => match fields.iter().find(|(field, _)| field.name == "attendee") {
            Some((field, Mapping::Skipped)) => cx.error_at(
                field.attrs.skip.unwrap_or_else(|| field.ident.span()),
                "a referral must send its `attendee`: Lamplight refuses a referral that names no \
                 one; remove `skip`",
            ),
            _ => cx.error_at(
                input.ident().span(),
                "a referral needs an `attendee`: Lamplight refuses a referral that names no one; \
                 add a field `attendee: ProfileRef` (the referred person's profile id or email)",
            ),
        },
    }
}

/// Whether `ty` is written as an `Option<..>`.
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => is_option(&group.elem),
        Type::Paren(paren) => is_option(&paren.elem),
        Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|segment| segment.ident == "Option")
        }
        _ => false,
    }
}

/// Checks an option enum.
pub fn option_enum<'s, 'a>(cx: &Ctxt, input: &'s Enum<'a>) -> OptionEnum<'s, 'a> {
    if input.variants.is_empty() {
        cx.error_at(
            input.ident().span(),
            "an option enum needs a variant for each option of the Lamplight field; add them",
        );
    }
    let mut options: Vec<Choice<'s, 'a>> = Vec::new();
    for variant in &input.variants {
        if !matches!(variant.original.fields, syn::Fields::Unit) {
            cx.error_spanned_by(
                &variant.original.fields,
                "an option is a variant without fields, because Lamplight sends only its label; \
                 remove the fields",
            );
        }
        let label = match &variant.attrs.rename {
            Some(rename) => rename.value.value(),
            None => variant.ident.to_string(),
        };
        let label_ok = option_label(cx, variant, &label);
        if label_ok
            && let Some(earlier) = options
                .iter()
                .find(|earlier| earlier.label.to_lowercase() == label.to_lowercase())
        {
            cx.error_at(
                variant.label_span(),
                format!(
                    "the label `{label}` is already the label of `{}`, and Lamplight matches \
                     option labels without regard to case; give each option its own label with \
                     `rename = \"...\"`",
                    earlier.variant.ident
                ),
            );
        }
        let id = variant.attrs.option_id.as_ref();
        if let Some(id) = id
            && let Some(earlier) = options
                .iter()
                .find(|earlier| earlier.id == Some(id.value.value))
        {
            cx.error_spanned_by(
                &id.value.lit,
                format!(
                    "`option_id = {}` is already the id of `{}`; each option has its own id in \
                     Lamplight",
                    id.value.value, earlier.variant.ident
                ),
            );
        }
        options.push(Choice {
            variant,
            wire_value: match id {
                Some(id) => format!("option_{}", id.value.value),
                None => label.clone(),
            },
            label,
            id: id.map(|id| id.value.value),
        });
    }
    OptionEnum { input, options }
}

/// Checks an option's label; `false` when it was reported.
fn option_label(cx: &Ctxt, variant: &Variant<'_>, label: &str) -> bool {
    let problem = if label.trim().is_empty() {
        Some(
            "an option's label cannot be empty; use the label exactly as Lamplight shows it"
                .to_owned(),
        )
    } else if label.trim() != label {
        Some("an option's label cannot start or end with a space; use the label exactly as Lamplight shows it".to_owned())
    } else if label.chars().any(char::is_control) {
        Some("an option's label cannot hold control characters such as a newline or tab".to_owned())
    } else {
        find_html_tag(label).map(|tag| {
            format!(
                "an option's label cannot hold the HTML tag `{tag}`: Lamplight rejects any \
                 request holding HTML as an attack (error 9999); remove the markup"
            )
        })
    };
    match problem {
        Some(problem) => {
            cx.error_at(variant.label_span(), problem);
            false
        }
        None => true,
    }
}
