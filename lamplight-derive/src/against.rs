//! The checks of a record against the organisation's schema file: labels, ids, writability,
//! required fields, and whether each Rust type can carry its field's type.
//!
//! What the syntax of a field's type shows is decided here, with a message naming the field and
//! the file. What it cannot show (an enum, a type alias) is left to a trait bound or a `const`
//! assertion that code generation places at the field's type.

use lamplight_core::RecordKind;
use lamplight_core::schema::article;
use lamplight_schema::{CustomField, FieldType, Schema};
use quote::ToTokens as _;
use syn::{GenericArgument, PathArguments, Type};

use crate::ast::{Field, Struct};
use crate::ctxt::Ctxt;
use crate::system::Loaded;
use crate::wire::Mapping;

/// A field bound to its schema field.
pub struct Bound {
    /// The schema's field.
    pub field: CustomField,
    /// What the generated code must still check.
    pub check: Check,
}

/// What is left to check after the syntax.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Nothing: the type as written fits.
    Nothing,
    /// A string (or strings) for an option field: each value is checked when it is encoded.
    Values,
    /// `__private::<name>::<Ty>` must be a valid function: the type's trait says whether it fits.
    Trait(&'static str),
    /// The enum's options must be the field's: a `const` assertion, whose trait bound also says
    /// whether the type fits at all.
    Options {
        /// A list of options rather than one.
        multiple: bool,
    },
}

/// The syntactic shape of a field's type, as far as it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Text,
    Number,
    Date,
    Flag,
    /// One of lamplight's own value types, or a `char`, which no custom field takes.
    Builtin,
    List(Box<Shape>),
    /// An enum, an alias or a generic: the syntax cannot tell.
    Unknown,
}

/// Checks the fields that passed the naming rules (`checked[i]`) against the schema; the bound
/// schema field of each field, in order.
pub fn check(
    cx: &Ctxt,
    input: &Struct<'_>,
    kind: RecordKind,
    fields: &[(&Field<'_>, Mapping)],
    checked: &[bool],
    loaded: &Loaded,
) -> Vec<Option<Bound>> {
    let schema = &*loaded.schema;
    let file = &loaded.name;
    let mut bound = Vec::with_capacity(fields.len());
    // Labels a mistaken field may have been meant as: a required one is then not "missing" too.
    let mut maybe_meant: Vec<String> = Vec::new();
    let mut unsure = input.attrs.unsure;
    for ((field, mapping), &ok) in fields.iter().zip(checked) {
        if !ok {
            unsure = true;
            bound.push(None);
            continue;
        }
        let found = match mapping {
            Mapping::Custom { label, .. } => {
                let found = schema.field(kind, label);
                if found.is_none() {
                    let near = schema.suggest(kind, label);
                    unknown_label(cx, schema, kind, file, field, label, near);
                    match near {
                        Some(near) => maybe_meant.push(near.to_owned()),
                        None => unsure = true,
                    }
                }
                found
            }
            Mapping::CustomId { id, label } => {
                let found = schema.field_by_id(kind, u64::from(*id));
                match found {
                    None => {
                        unknown_id(cx, schema, kind, file, field, *id, label);
                        unsure = true;
                    }
                    Some(found) => {
                        if let Some(rename) = &field.attrs.rename
                            && !found.matches(label)
                        {
                            cx.error_spanned_by(
                                &rename.value,
                                format!(
                                    "in {file}, the {kind} field with id {id} is `{}`, not \
                                     `{label}`; write `rename = \"{}\"`, or give the `field_id` of \
                                     `{label}`",
                                    found.label, found.label
                                ),
                            );
                            maybe_meant.push(found.label.clone());
                            bound.push(None);
                            continue;
                        }
                    }
                }
                found
            }
            Mapping::Skipped | Mapping::Role | Mapping::BuiltIn(_) => None,
        };
        bound.push(found.and_then(|found| check_field(cx, input, kind, file, field, found)));
    }
    if !unsure {
        required(cx, input, kind, file, schema, fields, &bound, &maybe_meant);
    }
    bound
}

fn unknown_label(
    cx: &Ctxt,
    schema: &Schema,
    kind: RecordKind,
    file: &str,
    field: &Field<'_>,
    label: &str,
    near: Option<&str>,
) {
    let labels = list(schema.fields(kind).iter().map(|f| format!("`{}`", f.label)));
    let mut message = format!("{file} has no {kind} field `{label}`");
    match near {
        Some(near) => message.push_str(&format!(
            "; did you mean `{near}`? Write `#[lamplight(rename = \"{near}\")]`"
        )),
        None => message.push_str(
            "; give the label exactly as Lamplight shows it with `rename = \"...\"`, add the \
             field to the file, or mark the field `#[lamplight(skip)]`",
        ),
    }
    if labels.is_empty() {
        message.push_str(&format!(
            ". The file defines no custom fields for {}",
            article(kind)
        ));
    } else {
        message.push_str(&format!(". Its {kind} fields are {labels}"));
    }
    cx.error_at(field.label_span(), message);
}

fn unknown_id(
    cx: &Ctxt,
    schema: &Schema,
    kind: RecordKind,
    file: &str,
    field: &Field<'_>,
    id: u32,
    label: &str,
) {
    let ids = list(
        schema
            .fields(kind)
            .iter()
            .filter_map(|f| Some(format!("{} (`{}`)", f.id?, f.label))),
    );
    let mut message = format!("{file} has no {kind} field with id {id}");
    let by_label = schema
        .field(kind, label)
        .and_then(|f| Some((f.id?, &f.label)));
    if let Some((other, label)) = by_label {
        message.push_str(&format!(
            "; `{label}` has id {other}: write `field_id = {other}`"
        ));
    } else if ids.is_empty() {
        message.push_str(&format!(
            "; the file gives no ids to {} fields: add the field's `id` as Lamplight shows it",
            article(kind)
        ));
    } else {
        message.push_str(&format!("; the ids there are {ids}"));
    }
    let span = field
        .attrs
        .field_id
        .as_ref()
        .map_or_else(|| field.ident.span(), |id| id.value.lit.span());
    cx.error_at(span, message);
}

/// Checks one field against its schema field; `None` when it was reported.
fn check_field(
    cx: &Ctxt,
    input: &Struct<'_>,
    kind: RecordKind,
    file: &str,
    field: &Field<'_>,
    found: &CustomField,
) -> Option<Bound> {
    let label = &found.label;
    if !found.writable {
        cx.error_at(
            field.label_span(),
            format!(
                "`{label}` cannot be written through the API: {file} marks it `writable = false`, \
                 and Lamplight would answer error 1058 for it; remove the field, or mark it \
                 `#[lamplight(skip)]`"
            ),
        );
        return None;
    }
    let (optional, shape) = shape(field.ty);
    if found.required && optional {
        cx.error_spanned_by(
            field.ty,
            format!(
                "`{label}` is required ({file} says `required = true`, and Lamplight refuses {} \
                 without it), so the field cannot be an `Option`; make it the `Option`'s inner \
                 type",
                article(kind)
            ),
        );
        return None;
    }
    let has_options = !found.options.is_empty();
    let fits = match (found.field_type, &shape) {
        (_, Shape::Unknown) => Some(unknown_check(found.field_type, has_options)),
        (FieldType::Text, Shape::Text)
        | (FieldType::Number, Shape::Number)
        | (FieldType::Date, Shape::Date) => Some(Check::Nothing),
        (FieldType::Checkbox, Shape::Flag) if !has_options => Some(Check::Nothing),
        (FieldType::Select | FieldType::Radio, Shape::Text) => Some(Check::Values),
        (FieldType::MultiSelect | FieldType::Checkbox, Shape::List(item)) if has_options => {
            match **item {
                Shape::Text => Some(Check::Values),
                Shape::Unknown => Some(Check::Options { multiple: true }),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(check) = fits else {
        let ty = field.ty.to_token_stream().to_string().replace(" ", "");
        let ty = ty.replace(",", ", ");
        cx.error_spanned_by(
            field.ty,
            format!(
                "`{label}` is {} field in {file}, and `{ty}` cannot carry one; {}",
                describe(found),
                takes(found)
            ),
        );
        return None;
    };
    // A type naming a type parameter has no meaning in a `const` outside the impl; the field's
    // `FieldValue` bound still applies.
    let check = if !input.generics().params.is_empty() && !matches!(check, Check::Values) {
        Check::Nothing
    } else {
        check
    };
    Some(Bound {
        field: found.clone(),
        check,
    })
}

fn unknown_check(field_type: FieldType, has_options: bool) -> Check {
    match field_type {
        FieldType::Text => Check::Trait("text"),
        FieldType::Number => Check::Trait("number"),
        FieldType::Date => Check::Trait("date"),
        FieldType::Checkbox if !has_options => Check::Trait("flag"),
        FieldType::Select | FieldType::Radio => Check::Options { multiple: false },
        FieldType::MultiSelect | FieldType::Checkbox => Check::Options { multiple: true },
    }
}

/// A required field of the schema that no field of the struct sends.
#[allow(clippy::too_many_arguments)]
fn required(
    cx: &Ctxt,
    input: &Struct<'_>,
    kind: RecordKind,
    file: &str,
    schema: &Schema,
    fields: &[(&Field<'_>, Mapping)],
    bound: &[Option<Bound>],
    maybe_meant: &[String],
) {
    for wanted in schema
        .fields(kind)
        .iter()
        .filter(|f| f.required && f.writable)
    {
        let sent = fields.iter().zip(bound).any(|((_, mapping), bound)| {
            bound
                .as_ref()
                .is_some_and(|b| b.field.label == wanted.label)
                || match mapping {
                    Mapping::Custom { label, .. } => wanted.matches(label),
                    Mapping::CustomId { id, .. } => wanted.id == Some(u64::from(*id)),
                    _ => false,
                }
        });
        if sent || maybe_meant.contains(&wanted.label) {
            continue;
        }
        let name = wanted.label.to_lowercase().replace([' ', '-'], "_");
        let by = match (kind.is_profile(), wanted.id) {
            (true, Some(id)) => format!(
                "`#[lamplight(field_id = {id}, rename = \"{}\")]`",
                wanted.label
            ),
            _ => format!(
                "`#[lamplight(rename = \"{}\")]` if its name differs",
                wanted.label
            ),
        };
        cx.error_at(
            input.ident().span(),
            format!(
                "{} needs the field `{}`: {file} says `required = true`, and Lamplight refuses {} \
                 without it; add a field such as `{name}: {}`, with {by}",
                article(kind),
                wanted.label,
                article(kind),
                example_type(wanted)
            ),
        );
    }
}

/// "`a`, `b` or `c`".
fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn describe(field: &CustomField) -> &'static str {
    match field.field_type {
        FieldType::Text => "a `text`",
        FieldType::Number => "a `number`",
        FieldType::Date => "a `date`",
        FieldType::Select => "a `select`",
        FieldType::Radio => "a `radio`",
        FieldType::MultiSelect => "a `multi-select`",
        FieldType::Checkbox if field.options.is_empty() => "a `checkbox` (without options)",
        FieldType::Checkbox => "a `checkbox` with options",
    }
}

fn takes(field: &CustomField) -> &'static str {
    match field.field_type {
        FieldType::Text => "make it a `String` (or `Option<String>`)",
        FieldType::Number => "make it an integer such as `u32` or a float such as `f64`",
        FieldType::Date => {
            "make it a `time::Date` or `time::PrimitiveDateTime` (or chrono's `NaiveDate` or \
             `NaiveDateTime`)"
        }
        FieldType::Checkbox if field.options.is_empty() => "make it a `bool`",
        FieldType::Select | FieldType::Radio => {
            "make it an enum deriving `LamplightOption`, or a `String` (checked when encoded)"
        }
        FieldType::MultiSelect | FieldType::Checkbox => {
            "make it a `Vec` or set of an enum deriving `LamplightOption`, or a `Vec<String>` \
             (checked when encoded)"
        }
    }
}

fn example_type(field: &CustomField) -> &'static str {
    match field.field_type {
        FieldType::Text => "String",
        FieldType::Number => "u32",
        FieldType::Date => "time::Date",
        FieldType::Checkbox if field.options.is_empty() => "bool",
        FieldType::Select | FieldType::Radio => "String",
        FieldType::MultiSelect | FieldType::Checkbox => "Vec<String>",
    }
}

/// Whether the type is written as an `Option`, and the shape inside it.
fn shape(ty: &Type) -> (bool, Shape) {
    match ty {
        Type::Group(group) => shape(&group.elem),
        Type::Paren(paren) => shape(&paren.elem),
        Type::Reference(reference) => shape(&reference.elem),
        Type::Slice(slice) => (false, Shape::List(Box::new(shape(&slice.elem).1))),
        Type::Array(array) => (false, Shape::List(Box::new(shape(&array.elem).1))),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return (false, Shape::Unknown);
            };
            let argument = match &last.arguments {
                PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
                    GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                }),
                _ => None,
            };
            let name = last.ident.to_string();
            match (name.as_str(), argument) {
                ("Option", Some(inner)) => (true, shape(inner).1),
                ("Box", Some(inner)) => shape(inner),
                ("Vec" | "BTreeSet" | "HashSet", Some(item)) => {
                    (false, Shape::List(Box::new(shape(item).1)))
                }
                ("String" | "str" | "Cow" | "Postcode", _) => (false, Shape::Text),
                (
                    "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
                    | "i128" | "isize" | "f32" | "f64",
                    None,
                ) => (false, Shape::Number),
                ("Date" | "PrimitiveDateTime" | "NaiveDate" | "NaiveDateTime", None) => {
                    (false, Shape::Date)
                }
                ("bool", None) => (false, Shape::Flag),
                ("ProfileRef" | "ProfileId" | "WorkareaId" | "Role" | "char", _) => {
                    (false, Shape::Builtin)
                }
                _ => (false, Shape::Unknown),
            }
        }
        _ => (false, Shape::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(ty: &str) -> (bool, Shape) {
        shape(&syn::parse_str(ty).expect("a type"))
    }

    #[test]
    fn shapes_follow_the_syntax() {
        assert_eq!(of("String"), (false, Shape::Text));
        assert_eq!(of("Option<&'a str>"), (true, Shape::Text));
        assert_eq!(of("std::option::Option<u8>"), (true, Shape::Number));
        assert_eq!(of("time::Date"), (false, Shape::Date));
        assert_eq!(
            of("Vec<HeardVia>"),
            (false, Shape::List(Box::new(Shape::Unknown)))
        );
        assert_eq!(of("&[String]"), (false, Shape::List(Box::new(Shape::Text))));
        assert_eq!(of("HeardVia"), (false, Shape::Unknown));
        assert_eq!(of("bool"), (false, Shape::Flag));
        assert_eq!(of("ProfileRef"), (false, Shape::Builtin));
    }
}
