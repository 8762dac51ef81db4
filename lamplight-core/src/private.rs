//! Support for the code `#[derive(LamplightRecord)]` and `#[derive(LamplightOption)]` generate.
//! Not public API: it may change in any release.

use std::borrow::Cow;

pub use crate::urlencode::urlencode;
use crate::{EncodeError, FieldInfo, FieldValue, FieldWriter, Form, LamplightOption, Role};

pub use std::option::Option::{self, None, Some};
pub use std::result::Result::{self, Err, Ok};

/// Writes one derived field, checking that a required field got a value.
#[inline]
pub fn write_field<T: FieldValue + ?Sized>(
    form: &mut Form,
    field: &'static FieldInfo,
    value: &T,
) -> Result<(), EncodeError> {
    let mut out = FieldWriter::new(
        form,
        field.rust_name,
        Cow::Borrowed(field.wire_name),
        Cow::Borrowed(field.encoded_name),
    );
    value.write(&mut out)?;
    out.finish(field.required)
}

/// Writes a profile's role.
#[inline]
pub fn write_role(form: &mut Form, role: Role) {
    // A role's wire name is plain ASCII and never HTML.
    let _ = form.push_encoded(
        Cow::Borrowed("role"),
        Cow::Borrowed("role"),
        role.as_str().to_owned(),
    );
}

/// Writes an option enum's value.
#[inline]
pub fn write_option<T: LamplightOption>(
    value: &T,
    out: &mut FieldWriter<'_>,
) -> Result<(), EncodeError> {
    out.value(value.option().wire_value)
}

/// Fails to compile unless `T` can be sent; the derive spans it at the field's type.
pub const fn assert_field_value<T: FieldValue + ?Sized>() {}
