//! Support for the code `#[derive(LamplightRecord)]` and `#[derive(LamplightOption)]` generate.
//! Not public API: it may change in any release.
//!
//! Generated code names nothing but `__private::X`, so it compiles whichever lamplight crate the
//! user depends on, and whatever else is in scope where the derive is used.

use std::borrow::Cow;

pub use crate::urlencode::urlencode;
pub use crate::{
    Create, EncodeError, EncodeErrorKind, FieldInfo, FieldSource, FieldValue, FieldWriter, Form,
    LamplightOption, OptionInfo, Record, RecordKind, Role, Update, ValueKind,
};

pub use std::option::Option::{self, None, Some};
pub use std::result::Result::{self, Err, Ok};

/// The names a derived record's impls use, each under a `__` alias so that the one glob import
/// that brings them into the impls' scope does not shadow the user's own names.
pub mod short {
    pub use super::{
        Create as __Create, FieldInfo as __FieldInfo, FieldSource as __FieldSource,
        FieldValue as __FieldValue, FormResult as __FormResult, None as __None, Record as __Record,
        RecordKind as __RecordKind, Role as __Role, RoleField as __RoleField, Shape as __Shape,
        Some as __Some, Update as __Update, builtin as __builtin, custom as __custom,
        encode as __encode, encode_with_role as __encode_with_role, field as __field,
    };
}

/// What a derived record's field table reads of a field's type: `FieldValue::__SHAPE`, or
/// [`Shape::ROLE`] for a `#[lamplight(role)]` field.
#[derive(Clone, Copy)]
pub struct Shape {
    /// [`FieldValue::KIND`].
    pub kind: ValueKind,
    /// [`FieldValue::REQUIRED`].
    pub required: bool,
}

impl Shape {
    /// A `#[lamplight(role)]` field's: its type is checked where the role is written, with a
    /// message about roles, rather than through `FieldValue`.
    pub const ROLE: Shape = Shape {
        kind: ValueKind::Role,
        required: true,
    };
}

/// What a derived `to_form` returns.
pub type FormResult = Result<Form, EncodeError>;

/// A derived record's field table entry, in full.
///
/// The derive calls this, or [`custom`] or [`builtin`] where the names agree, rather than
/// writing out the struct: fewer tokens per field for the compiler to read.
pub const fn field(
    shape: Shape,
    rust_name: &'static str,
    label: &'static str,
    wire_name: &'static str,
    encoded_name: &'static str,
    source: FieldSource,
) -> FieldInfo {
    FieldInfo {
        rust_name,
        label,
        wire_name,
        encoded_name,
        source,
        required: shape.required,
        kind: shape.kind,
    }
}

/// A custom field addressed by its label, whose Rust name is also its wire name, already
/// percent-encoded: the usual custom field.
pub const fn custom(shape: Shape, name: &'static str, label: &'static str) -> FieldInfo {
    field(shape, name, label, name, name, FieldSource::Custom)
}

/// A built-in field whose Rust name is also its wire name, already percent-encoded.
pub const fn builtin(shape: Shape, name: &'static str, label: &'static str) -> FieldInfo {
    field(shape, name, label, name, name, FieldSource::BuiltIn)
}

/// The body of every derived `to_form`: `fixed_role` first when the struct names one, then
/// each of `values` as the field of `fields` in the same place.
pub fn encode<'v>(
    fields: &'static [FieldInfo],
    fixed_role: Option<Role>,
    values: &[&'v (dyn DynFieldValue + 'v)],
) -> FormResult {
    let mut form = Form::with_capacity(fields.len() + usize::from(fixed_role.is_some()));
    if let Some(role) = fixed_role {
        write_role(&mut form, role);
    }
    write_fields(&mut form, fields, values)?;
    Ok(form)
}

/// [`encode`] for a profile whose role is a `#[lamplight(role)]` field: `fields[0]` is that
/// field, holding `role`, and `values` are the rest.
pub fn encode_with_role<'v>(
    fields: &'static [FieldInfo],
    kind: RecordKind,
    role: Role,
    values: &[&'v (dyn DynFieldValue + 'v)],
) -> FormResult {
    let mut form = Form::with_capacity(fields.len());
    let (role_field, rest) = match fields.split_first() {
        Some(split) => split,
        // The derive always puts the role field first; an empty table has nothing to write.
        None => return Ok(form),
    };
    write_role_field(&mut form, role_field, kind, role)?;
    write_fields(&mut form, rest, values)?;
    Ok(form)
}

/// Writes one derived field with `write` (the field type's `FieldValue::write`), checking that a
/// required field got a value.
///
/// The derive passes `<Ty as FieldValue>::write` rather than bounding `T` here, so a type that
/// cannot be sent yields the same single error at the field's type as the field's `FIELDS` entry.
#[inline]
pub fn write_field<T: ?Sized>(
    form: &mut Form,
    field: &'static FieldInfo,
    value: &T,
    write: impl FnOnce(&T, &mut FieldWriter<'_>) -> Result<(), EncodeError>,
) -> Result<(), EncodeError> {
    let mut out = FieldWriter::new(
        form,
        field.rust_name,
        Cow::Borrowed(field.wire_name),
        Cow::Borrowed(field.encoded_name),
    );
    write(value, &mut out)?;
    out.finish(field.required)
}

/// A [`FieldValue`] behind a reference that forgets its type, so that one [`write_fields`] call
/// writes every field of a record.
pub trait DynFieldValue {
    /// [`FieldValue::write`].
    fn write_dyn(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError>;
}

impl<T: FieldValue> DynFieldValue for T {
    #[inline]
    fn write_dyn(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        self.write(out)
    }
}

/// Writes each of `values` as the field of `fields` in the same place: the body of every derived
/// `to_form`, apart from a role field. A field whose kind lists options (a schema's select or
/// multi-select, or an option enum's) has its values checked against them.
pub fn write_fields<'v>(
    form: &mut Form,
    fields: &'static [FieldInfo],
    values: &[&'v (dyn DynFieldValue + 'v)],
) -> Result<(), EncodeError> {
    for (field, value) in fields.iter().zip(values) {
        let write =
            |value: &(dyn DynFieldValue + 'v), out: &mut FieldWriter<'_>| value.write_dyn(out);
        if field.kind.options().is_empty() {
            write_field(form, field, *value, write)?;
        } else {
            write_option_field(form, field, *value, write)?;
        }
    }
    Ok(())
}

/// Writes a profile's role.
#[inline]
pub fn write_role(form: &mut Form, role: Role) {
    form.value_buffer().push_str(role.as_str());
    // A role's wire name is plain ASCII and never HTML, so this cannot fail.
    let _ = form.commit(Cow::Borrowed("role"), Cow::Borrowed("role"));
}

/// The type of a `#[lamplight(role)]` field: a [`Role`].
///
/// The derive calls `<Ty as RoleField>::role` at the field's type, so a field of another type is
/// one error there, saying what the field must be.
#[diagnostic::on_unimplemented(
    message = "the `#[lamplight(role)]` field must be a `Role`, not `{Self}`",
    label = "a profile's role is a `Role`",
    note = "write the field as `role: Role`: every profile request names exactly one role",
    note = "for a role fixed at compile time, remove `#[lamplight(role)]` and write `role = \"user\"` in the struct's `#[lamplight(..)]`"
)]
pub trait RoleField {
    /// The role the field holds.
    fn role(&self) -> Role;
}

impl RoleField for Role {
    #[inline]
    fn role(&self) -> Role {
        *self
    }
}

/// Writes the role held by a `#[lamplight(role)]` field, refusing one that `kind` cannot take
/// (the derive checks a fixed `role = "..."` at compile time; a field's value is known only now).
#[inline]
pub fn write_role_field(
    form: &mut Form,
    field: &'static FieldInfo,
    kind: RecordKind,
    role: Role,
) -> Result<(), EncodeError> {
    if let Some(reason) = crate::schema::role_refused(kind, role) {
        return Err(EncodeError::new(
            field.rust_name,
            field.wire_name,
            EncodeErrorKind::Invalid { reason },
        ));
    }
    write_role(form, role);
    Ok(())
}

/// Writes an option enum's value.
#[inline]
pub fn write_option<T: LamplightOption>(
    value: &T,
    out: &mut FieldWriter<'_>,
) -> Result<(), EncodeError> {
    out.value(value.option().wire_value)
}

/// Writes a field whose options the schema file lists, refusing a value that is not one of them.
///
/// The derive checks an option enum's labels at compile time; a string's value (or a list of
/// strings) is known only now. A value matches an option by its label, ignoring case as
/// Lamplight does, or as `option_N` by the option's id.
#[inline]
pub fn write_option_field<T: ?Sized>(
    form: &mut Form,
    field: &'static FieldInfo,
    value: &T,
    write: impl FnOnce(&T, &mut FieldWriter<'_>) -> Result<(), EncodeError>,
) -> Result<(), EncodeError> {
    let start = form.len();
    write_field(form, field, value, write)?;
    let options = field.kind.options();
    let unknown = form
        .pairs()
        .skip(start)
        .map(|(_, value)| value)
        .find(|value| !options.iter().any(|option| option.accepts(value)));
    match unknown {
        None => Ok(()),
        Some(value) => Err(EncodeError::new(
            field.rust_name,
            field.wire_name,
            EncodeErrorKind::UnknownOption {
                value: value.to_owned(),
                options: options
                    .iter()
                    .map(|option| option.label.to_owned())
                    .collect(),
            },
        )),
    }
}

/// What a custom field of the schema's `text` type may be declared as.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry a text field",
    label = "the schema file makes this custom field `text`",
    note = "a text field takes a `String`, `&str` or `Cow<str>`, or an `Option` of one"
)]
pub trait TextField {}

/// What a custom field of the schema's `number` type may be declared as.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry a number field",
    label = "the schema file makes this custom field a `number`",
    note = "a number field takes an integer (`u32`, `i64`, ...) or a float (`f64`), or an `Option` of one"
)]
pub trait NumberField {}

/// What a custom field of the schema's `date` type may be declared as.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry a date field",
    label = "the schema file makes this custom field a `date`",
    note = "a date field takes a `time::Date` or `time::PrimitiveDateTime` (or chrono's `NaiveDate` or `NaiveDateTime` with the `chrono` feature), or an `Option` of one"
)]
pub trait DateField {}

/// What a checkbox without options (a single tick) may be declared as.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry a checkbox without options",
    label = "the schema file makes this custom field a single tick box",
    note = "a checkbox without options takes a `bool`, or an `Option<bool>`"
)]
pub trait FlagField {}

/// What a select or radio field may be declared as: one option.
///
/// `#[derive(LamplightOption)]` implements it for the enum; strings have it too, their value
/// being checked against the schema's options when the record is encoded.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry a select or radio field",
    label = "the schema file makes this custom field a choice of one option",
    note = "a select or radio field takes an enum deriving `LamplightOption` (or a `String`, checked when the record is encoded), or an `Option` of one",
    note = "a multi-select, or a checkbox with options, takes a `Vec` or set of those instead"
)]
pub trait OptionField {
    /// The enum's options; empty for a string.
    const OPTIONS: &'static [OptionInfo];
    /// `Enum::Variant` for each of [`OPTIONS`](Self::OPTIONS), for messages.
    const VARIANTS: &'static [&'static str];
}

/// What a multi-select or a checkbox with options may be declared as: a list of options.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry a multi-select or a checkbox with options",
    label = "the schema file makes this custom field a choice of several options",
    note = "it takes a `Vec`, slice, array or set of an enum deriving `LamplightOption` (or of `String`s, checked when the record is encoded), or an `Option` of one"
)]
pub trait OptionListField {
    /// The options of the item type; empty for strings.
    const OPTIONS: &'static [OptionInfo];
    /// `Enum::Variant` for each of [`OPTIONS`](Self::OPTIONS), for messages.
    const VARIANTS: &'static [&'static str];
}

macro_rules! markers {
    ($trait:ident: $($ty:ty),*) => {
        $(impl $trait for $ty {})*
        impl<T: $trait + ?Sized> $trait for &T {}
        impl<T: $trait> $trait for Option<T> {}
    };
}
markers!(TextField: str, String, Cow<'_, str>, Box<str>, crate::Postcode);
markers!(NumberField: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);
markers!(DateField: time::Date, time::PrimitiveDateTime);
#[cfg(feature = "chrono")]
impl DateField for chrono::NaiveDate {}
#[cfg(feature = "chrono")]
impl DateField for chrono::NaiveDateTime {}
markers!(FlagField: bool);

macro_rules! free_options {
    ($($ty:ty),*) => {$(
        impl OptionField for $ty {
            const OPTIONS: &'static [OptionInfo] = &[];
            const VARIANTS: &'static [&'static str] = &[];
        }
    )*};
}
free_options!(str, String, Cow<'_, str>, Box<str>);

impl<T: OptionField + ?Sized> OptionField for &T {
    const OPTIONS: &'static [OptionInfo] = T::OPTIONS;
    const VARIANTS: &'static [&'static str] = T::VARIANTS;
}

impl<T: OptionField> OptionField for Option<T> {
    const OPTIONS: &'static [OptionInfo] = T::OPTIONS;
    const VARIANTS: &'static [&'static str] = T::VARIANTS;
}

macro_rules! option_lists {
    ($([$($generics:tt)*] $ty:ty),*) => {$(
        impl<$($generics)*> OptionListField for $ty {
            const OPTIONS: &'static [OptionInfo] = T::OPTIONS;
            const VARIANTS: &'static [&'static str] = T::VARIANTS;
        }
    )*};
}
option_lists!(
    [T: OptionField] [T],
    [T: OptionField] Vec<T>,
    [T: OptionField, const N: usize] [T; N],
    [T: OptionField] std::collections::BTreeSet<T>,
    [T: OptionField, S] std::collections::HashSet<T, S>,
    [T: OptionListField + ?Sized] &T,
    [T: OptionListField] Option<T>
);

/// The derive's type checks: a `fn` pointer to one of these, at the field's type, does not
/// compile unless the type can carry the schema's field type.
pub const fn text<T: TextField + ?Sized>() {}
/// See [`text`].
pub const fn number<T: NumberField + ?Sized>() {}
/// See [`text`].
pub const fn date<T: DateField + ?Sized>() {}
/// See [`text`].
pub const fn flag<T: FlagField + ?Sized>() {}

/// The schema's side of a select, radio, multi-select or checkbox field, for
/// [`check_options`].
pub struct SchemaOptions {
    /// The field's label, for messages.
    pub field: &'static str,
    /// Every option's label.
    pub labels: &'static [&'static str],
    /// Every option's id, in the order of `labels`.
    pub ids: &'static [u64],
    /// The options, ready for a message: "`Website` (id 2), ...".
    pub listed: &'static str,
}

/// Panics, at compile time when called in a `const`, unless each of an enum's `options` is one
/// of the schema field's: by id when the variant gives `option_id`, else by label ignoring
/// case. The message names the variant, the field and the valid options.
pub const fn check_options(options: &[OptionInfo], variants: &[&str], schema: &SchemaOptions) {
    let mut i = 0;
    while i < options.len() {
        let option = &options[i];
        let found = match option.id {
            Some(id) => contains_id(schema.ids, id as u64),
            None => contains_label(schema.labels, option.label),
        };
        if !found {
            let variant = if i < variants.len() { variants[i] } else { "" };
            let message = Message::new().push("`").push(variant).push("`");
            let message = match option.id {
                Some(id) => message
                    .push(" has `option_id = ")
                    .number(id as u64)
                    .push("`"),
                None => message
                    .push(" is the option `")
                    .push(option.label)
                    .push("`"),
            };
            message
                .push(", which is not an option of the field `")
                .push(schema.field)
                .push("` in the schema file; its options are ")
                .push(schema.listed)
                .push(". Give the variant one of these with `rename = \"...\"` (or `option_id`), or remove it")
                .panic();
        }
        i += 1;
    }
}

const fn contains_id(ids: &[u64], id: u64) -> bool {
    let mut i = 0;
    while i < ids.len() {
        if ids[i] == id {
            return true;
        }
        i += 1;
    }
    false
}

const fn contains_label(labels: &[&str], label: &str) -> bool {
    let mut i = 0;
    while i < labels.len() {
        if labels[i].eq_ignore_ascii_case(label) {
            return true;
        }
        i += 1;
    }
    false
}

/// A message built at compile time, where `format!` is not available.
struct Message {
    buf: [u8; 1024],
    len: usize,
}

impl Message {
    const fn new() -> Self {
        Message {
            buf: [0; 1024],
            len: 0,
        }
    }

    /// Appends `text` whole, or nothing when it does not fit, so the text stays UTF-8.
    const fn push(mut self, text: &str) -> Self {
        let bytes = text.as_bytes();
        if self.len + bytes.len() > self.buf.len() {
            return self;
        }
        let mut i = 0;
        while i < bytes.len() {
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn number(mut self, mut n: u64) -> Self {
        let mut digits = [0u8; 20];
        let mut count = 0;
        loop {
            digits[count] = b'0' + (n % 10) as u8;
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if self.len + count > self.buf.len() {
            return self;
        }
        while count > 0 {
            count -= 1;
            self.buf[self.len] = digits[count];
            self.len += 1;
        }
        self
    }

    const fn panic(self) -> ! {
        match std::str::from_utf8(self.buf.split_at(self.len).0) {
            Ok(text) => panic!("{}", text),
            Err(_) => panic!("an option enum's variant is not an option of its schema field"),
        }
    }
}
