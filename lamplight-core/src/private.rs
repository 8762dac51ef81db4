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
