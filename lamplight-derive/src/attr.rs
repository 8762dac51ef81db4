//! Reading `#[lamplight(...)]` attributes.
//!
//! Every key is parsed with `parse_nested_meta`. A mistake in one key is reported through the
//! [`Ctxt`] and parsing carries on with the next key, so one compile shows every mistake.

use lamplight_core::RecordKind;
use lamplight_schema::nearest;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens as _;
use syn::ext::IdentExt as _;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitBool, LitInt, LitStr, Meta, Token};

use crate::ctxt::Ctxt;

/// A key that was given, with where it was written.
pub struct Setting<T> {
    /// The span of the key, e.g. `rename` in `rename = "Label"`.
    pub key: Span,
    /// What was given for it.
    pub value: T,
}

/// A numeric id given in an attribute (`field_id = 123`, `option_id = 54`).
pub struct Id {
    pub value: u32,
    /// The literal, to point at.
    pub lit: LitInt,
}

/// `#[lamplight(...)]` on a struct deriving `LamplightRecord`.
#[derive(Default)]
pub struct RecordAttrs {
    /// `referral`, `person`, `organisation` or `family`.
    pub kind: Option<Setting<RecordKind>>,
    /// `role = "user"`: the fixed role of a profile.
    pub role: Option<Setting<LitStr>>,
    /// `crate = "path"`: where the runtime crate is.
    pub krate: Option<Setting<syn::Path>>,
    /// `schema = "lamplight.toml"` or `schema = false`.
    pub schema: Option<Setting<SchemaAttr>>,
    /// Whether a key was unknown, unreadable or wrongly given. It may have been meant as the
    /// kind or the role, so their absence is not reported as well.
    pub unsure: bool,
}

/// What `schema = ...` says.
pub enum SchemaAttr {
    /// `schema = "path/to/lamplight.toml"`, relative to the crate's root.
    File(LitStr),
    /// `schema = false`: the struct is not checked against any schema file.
    Off,
}

/// `#[lamplight(...)]` on a field of a record.
#[derive(Default)]
pub struct FieldAttrs {
    /// `rename = "Label"`: the custom field's label in Lamplight.
    pub rename: Option<Setting<LitStr>>,
    /// `field_id = 123`: send the profile's custom field by id, as `profile_field_123`.
    pub field_id: Option<Setting<Id>>,
    /// `skip`: never send the field.
    pub skip: Option<Span>,
    /// `role`: this field holds the profile's role.
    pub role: Option<Span>,
    /// Whether a key was unknown, unreadable or wrongly given: the field's other rules, and the
    /// record's rules about what is missing, would only repeat that mistake.
    pub unsure: bool,
}

/// `#[lamplight(...)]` on an enum deriving `LamplightOption`.
#[derive(Default)]
pub struct OptionAttrs {
    /// `crate = "path"`: where the runtime crate is.
    pub krate: Option<Setting<syn::Path>>,
}

/// `#[lamplight(...)]` on a variant of an option enum.
#[derive(Default)]
pub struct VariantAttrs {
    /// `rename = "Label"`: the option's label in Lamplight.
    pub rename: Option<Setting<LitStr>>,
    /// `option_id = 54`: send the option by id, as `option_54`.
    pub option_id: Option<Setting<Id>>,
}

/// Where an attribute was written; each place takes its own keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Record,
    Field,
    OptionEnum,
    Variant,
}

impl Place {
    const ALL: [Place; 4] = [
        Place::Record,
        Place::Field,
        Place::OptionEnum,
        Place::Variant,
    ];

    fn keys(self) -> &'static [&'static str] {
        match self {
            Place::Record => &[
                "referral",
                "person",
                "organisation",
                "family",
                "role",
                "crate",
                "schema",
            ],
            Place::Field => &["rename", "field_id", "skip", "role"],
            Place::OptionEnum => &["crate"],
            Place::Variant => &["rename", "option_id"],
        }
    }

    /// A typical attribute at this place, for messages.
    fn example(self) -> &'static str {
        match self {
            Place::Record => "#[lamplight(referral)]` or `#[lamplight(person, role = \"user\")]",
            Place::Field => "#[lamplight(rename = \"How did you hear\")]",
            Place::OptionEnum => "#[lamplight(crate = \"my_crate::lamplight\")]",
            Place::Variant => "#[lamplight(rename = \"Word of mouth\")]",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Place::Record => "on the struct deriving `LamplightRecord`",
            Place::Field => "on a field of a record",
            Place::OptionEnum => "on the enum deriving `LamplightOption`",
            Place::Variant => "on a variant of an enum deriving `LamplightOption`",
        }
    }
}

impl RecordAttrs {
    /// Reads the struct's attributes.
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = RecordAttrs::default();
        let clean = for_each_key(cx, attrs, Place::Record, |meta, key, name| {
            if let Some(kind) = RecordKind::ALL
                .into_iter()
                .find(|kind| kind.attribute_name() == name)
            {
                // #[lamplight(referral)], #[lamplight(person, role = "user")]
                if flag(cx, meta, key, &format!("#[lamplight({name})]"))? {
                    set_kind(cx, &mut out.kind, key, kind);
                }
            } else if name == "role" {
                // #[lamplight(person, role = "user")]
                if !meta.input.peek(Token![=]) {
                    cx.error_at(
                        key.span(),
                        "on the struct, `role` takes the profile's fixed role: \
                         `role = \"user\"`; to take the role from a field instead, mark a `Role` \
                         field with `#[lamplight(role)]`",
                    );
                    rest(meta.input)?;
                } else if let Some(lit) = string(cx, meta, key, "role = \"user\"")? {
                    set(cx, &mut out.role, key, lit);
                }
            } else if name == "crate" {
                // #[lamplight(crate = "my_crate::lamplight")]
                if let Some(path) = crate_path(cx, meta, key)? {
                    set(cx, &mut out.krate, key, path);
                }
            } else if name == "schema" {
                // #[lamplight(schema = "lamplight.toml")], #[lamplight(schema = false)]
                if let Some(schema) = schema(cx, meta, key)? {
                    set(cx, &mut out.schema, key, schema);
                }
            } else {
                unknown(cx, meta, key, name, Place::Record)?;
            }
            Ok(())
        });
        out.unsure = !clean;
        out
    }
}

impl FieldAttrs {
    /// Reads a field's attributes.
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = FieldAttrs::default();
        let clean = for_each_key(cx, attrs, Place::Field, |meta, key, name| {
            match name {
                // #[lamplight(rename = "How did you hear")]
                "rename" => {
                    if let Some(lit) = string(cx, meta, key, "rename = \"How did you hear\"")? {
                        set(cx, &mut out.rename, key, lit);
                    }
                }
                // #[lamplight(field_id = 123)]
                "field_id" => {
                    if let Some(id) = id(cx, meta, key, "field_id = 123")? {
                        set(cx, &mut out.field_id, key, id);
                    }
                }
                // #[lamplight(skip)]
                "skip" => {
                    if flag(cx, meta, key, "#[lamplight(skip)]")? {
                        set_flag(cx, &mut out.skip, key);
                    }
                }
                // #[lamplight(role)]
                "role" => {
                    if meta.input.peek(Token![=]) {
                        cx.error_at(
                            key.span(),
                            "on a field, `role` takes no value: `#[lamplight(role)]` marks a \
                             `Role` field as the profile's role; for a fixed role, write \
                             `role = \"user\"` on the struct instead",
                        );
                        rest(meta.input)?;
                        // Meant as the role field all the same: treat it as one, so that the
                        // record is not also told it has no role.
                        set_flag(cx, &mut out.role, key);
                    } else if flag(cx, meta, key, "#[lamplight(role)]")? {
                        set_flag(cx, &mut out.role, key);
                    }
                }
                _ => unknown(cx, meta, key, name, Place::Field)?,
            }
            Ok(())
        });
        out.unsure = !clean;
        out
    }
}

impl OptionAttrs {
    /// Reads the option enum's attributes.
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = OptionAttrs::default();
        for_each_key(cx, attrs, Place::OptionEnum, |meta, key, name| {
            if name == "crate" {
                // #[lamplight(crate = "my_crate::lamplight")]
                if let Some(path) = crate_path(cx, meta, key)? {
                    set(cx, &mut out.krate, key, path);
                }
            } else {
                unknown(cx, meta, key, name, Place::OptionEnum)?;
            }
            Ok(())
        });
        out
    }
}

impl VariantAttrs {
    /// Reads a variant's attributes.
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = VariantAttrs::default();
        for_each_key(cx, attrs, Place::Variant, |meta, key, name| {
            match name {
                // #[lamplight(rename = "Word of mouth")]
                "rename" => {
                    if let Some(lit) = string(cx, meta, key, "rename = \"Word of mouth\"")? {
                        set(cx, &mut out.rename, key, lit);
                    }
                }
                // #[lamplight(option_id = 54)]
                "option_id" => {
                    if let Some(id) = id(cx, meta, key, "option_id = 54")? {
                        set(cx, &mut out.option_id, key, id);
                    }
                }
                _ => unknown(cx, meta, key, name, Place::Variant)?,
            }
            Ok(())
        });
        out
    }
}

/// Calls `logic` with every key of every `#[lamplight(...)]` at `place` in `attrs`.
///
/// `logic` reports mistakes in a key's value through `cx` and consumes the rest of that key, so
/// the next key is still read; it returns `Err` only when the attribute cannot be read further.
/// Returns whether every attribute was read without a mistake.
fn for_each_key(
    cx: &Ctxt,
    attrs: &[Attribute],
    place: Place,
    mut logic: impl FnMut(&ParseNestedMeta<'_>, &Ident, &str) -> syn::Result<()>,
) -> bool {
    let errors_before = cx.error_count();
    for attr in attrs
        .iter()
        .filter(|attr| attr.path().is_ident("lamplight"))
    {
        match &attr.meta {
            Meta::List(_) => {}
            // #[lamplight]
            Meta::Path(path) => {
                cx.error_spanned_by(
                    path,
                    format!(
                        "`#[lamplight]` takes its settings in parentheses: write `{}`",
                        place.example()
                    ),
                );
                continue;
            }
            // #[lamplight = "referral"]
            Meta::NameValue(name_value) => {
                let mut given = name_value.eq_token.to_token_stream();
                name_value.value.to_tokens(&mut given);
                cx.error_spanned_by(
                    given,
                    format!(
                        "`#[lamplight]` takes its settings in parentheses, not after `=`: write \
                         `{}`",
                        place.example()
                    ),
                );
                continue;
            }
        }
        let result = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident() else {
                cx.error_spanned_by(
                    &meta.path,
                    "expected a single key such as `rename`, not a path",
                );
                return rest(meta.input).map(drop);
            };
            let name = key.unraw().to_string();
            logic(&meta, key, &name)
        });
        if let Err(error) = result {
            cx.syn_error(error);
        }
    }
    cx.error_count() == errors_before
}

/// Consumes the tokens up to the next `,`, returning them.
fn rest(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        tokens.extend([input.parse::<TokenTree>()?]);
    }
    Ok(tokens)
}

/// Reports `message` at the tokens of a wrong value, or at the key when there are none.
fn bad_value(cx: &Ctxt, key: &Ident, tokens: TokenStream, message: String) {
    if tokens.is_empty() {
        cx.error_at(key.span(), message);
    } else {
        cx.error_spanned_by(tokens, message);
    }
}

/// A key that takes no value, such as `skip`. `Ok(false)` when a value was given anyway.
fn flag(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &Ident, example: &str) -> syn::Result<bool> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(true);
    }
    let tokens = rest(meta.input)?;
    bad_value(
        cx,
        key,
        tokens,
        format!("`{key}` takes no value; write `{example}`"),
    );
    Ok(false)
}

/// The string of `key = "..."`.
fn string(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &Ident,
    example: &str,
) -> syn::Result<Option<LitStr>> {
    if !meta.input.peek(Token![=]) {
        cx.error_at(key.span(), format!("`{key}` takes a value: `{example}`"));
        rest(meta.input)?;
        return Ok(None);
    }
    let input = meta.value()?;
    if input.peek(LitStr) && (input.peek2(Token![,]) || lit_is_last(input)) {
        return input.parse().map(Some);
    }
    let tokens = rest(input)?;
    bad_value(
        cx,
        key,
        tokens,
        format!("expected a string literal: `{example}`"),
    );
    Ok(None)
}

/// Whether the literal at the front of `input` is the last token.
fn lit_is_last(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    fork.parse::<TokenTree>().is_ok() && fork.is_empty()
}

/// The id of `key = 123`: a positive integer that fits Lamplight's ids.
fn id(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &Ident,
    example: &str,
) -> syn::Result<Option<Id>> {
    if !meta.input.peek(Token![=]) {
        cx.error_at(key.span(), format!("`{key}` takes a value: `{example}`"));
        rest(meta.input)?;
        return Ok(None);
    }
    let input = meta.value()?;
    if !(input.peek(LitInt) && (input.peek2(Token![,]) || lit_is_last(input))) {
        let tokens = rest(input)?;
        bad_value(
            cx,
            key,
            tokens,
            format!("expected the id Lamplight shows for it, as a number: `{example}`"),
        );
        return Ok(None);
    }
    let lit: LitInt = input.parse()?;
    match lit.base10_parse::<u32>() {
        Ok(0) => cx.error_spanned_by(
            &lit,
            format!("Lamplight ids start at 1; use the id Lamplight shows, e.g. `{example}`"),
        ),
        Ok(value) => return Ok(Some(Id { value, lit })),
        Err(_) => cx.error_spanned_by(
            &lit,
            format!(
                "expected a whole number no larger than {}: `{example}`",
                u32::MAX
            ),
        ),
    }
    Ok(None)
}

/// The value of `schema = "path"` or `schema = false`.
fn schema(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Option<SchemaAttr>> {
    let example = "schema = \"lamplight.toml\"` (relative to the crate's root) or `schema = false";
    if !meta.input.peek(Token![=]) {
        cx.error_at(key.span(), format!("`schema` takes a value: `{example}`"));
        rest(meta.input)?;
        return Ok(None);
    }
    let input = meta.value()?;
    let alone = input.peek2(Token![,]) || lit_is_last(input);
    if input.peek(LitStr) && alone {
        return Ok(Some(SchemaAttr::File(input.parse()?)));
    }
    if input.peek(LitBool) && alone {
        let lit: LitBool = input.parse()?;
        if !lit.value {
            return Ok(Some(SchemaAttr::Off));
        }
        cx.error_spanned_by(
            &lit,
            format!(
                "`schema = true` says nothing: a struct is already checked against the file that \
                 `{}` names, or else `lamplight.toml` in the crate's root when there is one; name \
                 a file with `{example}`",
                crate::system::ENV
            ),
        );
        return Ok(None);
    }
    let tokens = rest(input)?;
    bad_value(
        cx,
        key,
        tokens,
        format!("expected the schema file's path as a string, or `false`: `{example}`"),
    );
    Ok(None)
}

/// The path of `crate = "path"`.
fn crate_path(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &Ident,
) -> syn::Result<Option<syn::Path>> {
    let example = "crate = \"my_crate::lamplight\"";
    let Some(lit) = string(cx, meta, key, example)? else {
        return Ok(None);
    };
    match lit.parse::<syn::Path>() {
        Ok(path) => Ok(Some(path)),
        Err(_) => {
            cx.error_spanned_by(
                &lit,
                format!("expected the path of the crate that re-exports lamplight: `{example}`"),
            );
            Ok(None)
        }
    }
}

fn set<T>(cx: &Ctxt, slot: &mut Option<Setting<T>>, key: &Ident, value: T) {
    if slot.is_some() {
        duplicate(cx, key);
    } else {
        *slot = Some(Setting {
            key: key.span(),
            value,
        });
    }
}

fn set_flag(cx: &Ctxt, slot: &mut Option<Span>, key: &Ident) {
    if slot.is_some() {
        duplicate(cx, key);
    } else {
        *slot = Some(key.span());
    }
}

fn duplicate(cx: &Ctxt, key: &Ident) {
    cx.error_at(
        key.span(),
        format!("duplicate lamplight attribute `{key}`; remove this one"),
    );
}

fn set_kind(cx: &Ctxt, slot: &mut Option<Setting<RecordKind>>, key: &Ident, kind: RecordKind) {
    match slot {
        Some(existing) if existing.value == kind => duplicate(cx, key),
        Some(existing) => cx.error_at(
            key.span(),
            format!(
                "a record has exactly one kind, and this one is already `{}`; remove `{kind}`, \
                 or derive a second struct for the other kind",
                existing.value
            ),
        ),
        None => {
            *slot = Some(Setting {
                key: key.span(),
                value: kind,
            });
        }
    }
}

/// Reports a key that does not belong at `place`, saying where it belongs or what was meant.
fn unknown(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &Ident,
    name: &str,
    place: Place,
) -> syn::Result<()> {
    rest(meta.input)?;
    let keys = place.keys();
    let mut message = format!("unknown lamplight attribute `{name}`");
    if let Some(home) = Place::ALL
        .into_iter()
        .find(|other| *other != place && other.keys().contains(&name))
    {
        message.push_str(&format!(
            " {}; `{name}` belongs {}",
            place.describe(),
            home.describe()
        ));
    } else if let Some(suggestion) = nearest(name, keys.iter().copied()) {
        message.push_str(&format!("; did you mean `{suggestion}`?"));
    } else {
        let list: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
        message.push_str(&format!(
            " {}; expected one of {}",
            place.describe(),
            list.join(", ")
        ));
    }
    cx.error_at(key.span(), message);
    Ok(())
}
