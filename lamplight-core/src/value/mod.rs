//! How field values become request parameters.

mod impls;
mod postcode;
mod profile;
mod workarea;

pub use postcode::{InvalidPostcode, Postcode};
pub use profile::{InvalidEmail, ProfileId, ProfileRef};
pub use workarea::WorkareaId;

use std::borrow::Cow;
use std::fmt::{Display, Write as _};

use crate::{EncodeError, EncodeErrorKind, Form, ValueKind};

/// A type that can be sent as the value of a Lamplight field.
///
/// Implemented for strings, integers, floats, `bool` (`1`/`0`), `time` dates (`YYYY-MM-DD`) and
/// date-times (`YYYY-MM-DD HH:MM:SS`), `chrono`'s with the `chrono` feature, [`ProfileRef`],
/// [`WorkareaId`], [`Postcode`], [`Role`](crate::Role), enums deriving `LamplightOption`,
/// `Option<T>` (nothing is sent for `None`) and lists (`Vec`, slices, sets: sent as a PHP array).
///
/// Implement it for your own types to send them:
///
/// ```
/// use lamplight_core::{EncodeError, FieldValue, FieldWriter, ValueKind};
///
/// struct Pence(u64);
///
/// impl FieldValue for Pence {
///     const KIND: ValueKind = ValueKind::Decimal;
///     fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
///         out.value(format!("{}.{:02}", self.0 / 100, self.0 % 100))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a Lamplight field value",
    label = "Lamplight has no encoding for `{Self}`",
    note = "a field may be a string, number, bool, `time::Date`, `time::PrimitiveDateTime`, `ProfileRef`, `WorkareaId`, `Postcode`, `Role`, an enum deriving `LamplightOption`, or an `Option`, `Vec` or set of those",
    note = "add `#[lamplight(skip)]` to leave the field out, or implement `FieldValue` for the type"
)]
pub trait FieldValue {
    /// What kind of value this is, for schema metadata.
    const KIND: ValueKind;
    /// Whether a field of this type must carry a value. `Option`, lists and `bool` need not.
    const REQUIRED: bool = true;

    /// Writes the value: one call to [`FieldWriter::value`] per value (lists make several).
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError>;

    /// [`KIND`](Self::KIND) and [`REQUIRED`](Self::REQUIRED) together, so that a derived
    /// record's field table names the field's type once per field. Not public API.
    #[doc(hidden)]
    const __SHAPE: crate::__private::Shape = crate::__private::Shape {
        kind: Self::KIND,
        required: Self::REQUIRED,
    };

    /// The value as the derive's generated code hands it to lamplight: one table of fields per
    /// record rather than a call per field. Not public API.
    #[doc(hidden)]
    #[inline]
    fn __as_dyn<'v>(&'v self) -> &'v (dyn crate::__private::DynFieldValue + 'v)
    where
        Self: Sized + 'v,
    {
        self
    }
}

/// Where a [`FieldValue`] writes itself: one field of a [`Form`].
pub struct FieldWriter<'a> {
    form: &'a mut Form,
    field: &'a str,
    name: Cow<'static, str>,
    encoded_name: Cow<'static, str>,
    list: Option<usize>,
    written: usize,
    empty: bool,
}

impl<'a> FieldWriter<'a> {
    /// A writer for the field `field` (the name to blame in errors), sent as `name`, whose
    /// percent-encoded form is `encoded_name`. Only the crate makes one: a writer must end with
    /// [`finish`](Self::finish), which the derive's helpers and dynamic records always call.
    pub(crate) fn new(
        form: &'a mut Form,
        field: &'a str,
        name: Cow<'static, str>,
        encoded_name: Cow<'static, str>,
    ) -> Self {
        FieldWriter {
            form,
            field,
            name,
            encoded_name,
            list: None,
            written: 0,
            empty: false,
        }
    }

    /// Sends `value` for this field; inside [`list`](Self::list), as the next array item.
    pub fn value(&mut self, value: impl AsRef<str>) -> Result<(), EncodeError> {
        self.form.value_buffer().push_str(value.as_ref());
        self.commit()
    }

    /// Sends `value`'s `Display` text, written straight into the form without an allocation of
    /// its own.
    pub fn display(&mut self, value: impl Display) -> Result<(), EncodeError> {
        // Writing to a String cannot fail.
        let _ = write!(self.form.value_buffer(), "{value}");
        self.commit()
    }

    /// Names what was just written to the form's value buffer as this field's next value.
    fn commit(&mut self) -> Result<(), EncodeError> {
        self.empty |= self.form.value_buffer().len() == self.form.last_end();
        self.written += 1;
        let (name, encoded) = match self.list.as_mut() {
            None => (self.name.clone(), self.encoded_name.clone()),
            Some(index) => {
                let item = (
                    Cow::Owned(format!("{}[{index}]", self.name)),
                    Cow::Owned(array_item_name(&self.encoded_name, *index)),
                );
                *index += 1;
                item
            }
        };
        self.form
            .commit(name, encoded)
            .map_err(|err| self.error(err.kind().clone()))
    }

    /// Writes each of `items` as an item of a PHP array: `Name[0]=..&Name[1]=..`.
    pub fn list<'i, T: FieldValue + 'i>(
        &mut self,
        items: impl IntoIterator<Item = &'i T>,
    ) -> Result<(), EncodeError> {
        let nested = self.list.is_some();
        if !nested {
            self.list = Some(0);
        }
        let result = items.into_iter().try_for_each(|item| item.write(self));
        if !nested {
            self.list = None;
        }
        result
    }

    /// An error about this field.
    pub fn error(&self, kind: EncodeErrorKind) -> EncodeError {
        EncodeError::new(self.field.to_owned(), self.name.clone().into_owned(), kind)
    }

    /// An [`EncodeErrorKind::Invalid`] error about this field.
    pub fn invalid(&self, reason: impl Into<String>) -> EncodeError {
        self.error(EncodeErrorKind::Invalid {
            reason: reason.into(),
        })
    }

    /// Checks that a required field was given a non-empty value.
    pub(crate) fn finish(self, required: bool) -> Result<(), EncodeError> {
        if required && (self.written == 0 || self.empty) {
            return Err(self.error(EncodeErrorKind::Empty));
        }
        Ok(())
    }
}

/// The encoded name of item `index` of the PHP array whose encoded name is `encoded_name`:
/// `Name[0]`, brackets as the API documents them (see [`Form`]).
pub(crate) fn array_item_name(encoded_name: &str, index: usize) -> String {
    format!("{encoded_name}[{index}]")
}
