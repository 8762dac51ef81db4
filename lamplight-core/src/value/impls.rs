//! `FieldValue` for the standard library's types, `time`, and (with the feature) `chrono`.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::hash::BuildHasher;

use time::macros::format_description;

use super::{FieldValue, FieldWriter};
use crate::{EncodeError, Role, ValueKind};

macro_rules! text {
    ($($ty:ty),*) => {$(
        impl FieldValue for $ty {
            const KIND: ValueKind = ValueKind::Text;
            fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
                out.value(&self[..])
            }
        }
    )*};
}
text!(str, String);

impl FieldValue for Cow<'_, str> {
    const KIND: ValueKind = ValueKind::Text;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        out.value(&**self)
    }
}

impl FieldValue for char {
    const KIND: ValueKind = ValueKind::Text;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        out.value(String::from(*self))
    }
}

macro_rules! integer {
    ($($ty:ty),*) => {$(
        impl FieldValue for $ty {
            const KIND: ValueKind = ValueKind::Integer;
            fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
                out.display(self)
            }
        }
    )*};
}
integer!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

macro_rules! float {
    ($($ty:ty),*) => {$(
        impl FieldValue for $ty {
            const KIND: ValueKind = ValueKind::Decimal;
            fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
                if !self.is_finite() {
                    return Err(out.invalid(format!(
                        "{self} is not a number Lamplight can store; send a finite number"
                    )));
                }
                // `Display` never uses exponents, so this is what a form field would hold.
                out.display(self)
            }
        }
    )*};
}
float!(f32, f64);

impl FieldValue for bool {
    const KIND: ValueKind = ValueKind::Flag;
    const REQUIRED: bool = false;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        out.value(if *self { "1" } else { "0" })
    }
}

impl FieldValue for Role {
    const KIND: ValueKind = ValueKind::Role;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        out.value(self.as_str())
    }
}

impl FieldValue for time::Date {
    const KIND: ValueKind = ValueKind::Date;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        let text = self
            .format(format_description!("[year]-[month]-[day]"))
            .map_err(|err| out.invalid(format!("the date cannot be written: {err}")))?;
        out.value(text)
    }
}

impl FieldValue for time::PrimitiveDateTime {
    const KIND: ValueKind = ValueKind::DateTime;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        let text = self
            .format(format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .map_err(|err| out.invalid(format!("the date-time cannot be written: {err}")))?;
        out.value(text)
    }
}

#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl FieldValue for chrono::NaiveDate {
    const KIND: ValueKind = ValueKind::Date;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        out.display(self.format("%Y-%m-%d"))
    }
}

#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl FieldValue for chrono::NaiveDateTime {
    const KIND: ValueKind = ValueKind::DateTime;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        out.display(self.format("%Y-%m-%d %H:%M:%S"))
    }
}

impl<T: FieldValue + ?Sized> FieldValue for &T {
    const KIND: ValueKind = T::KIND;
    const REQUIRED: bool = T::REQUIRED;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        (**self).write(out)
    }
}

impl<T: FieldValue + ?Sized> FieldValue for Box<T> {
    const KIND: ValueKind = T::KIND;
    const REQUIRED: bool = T::REQUIRED;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        (**self).write(out)
    }
}

impl<T: FieldValue> FieldValue for Option<T> {
    const KIND: ValueKind = T::KIND;
    const REQUIRED: bool = false;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        match self {
            Some(value) => value.write(out),
            None => Ok(()),
        }
    }
}

macro_rules! list {
    ($([$($generics:tt)*] $ty:ty),*) => {$(
        impl<$($generics)*> FieldValue for $ty {
            const KIND: ValueKind = ValueKind::list_of(&T::KIND);
            const REQUIRED: bool = false;
            fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
                out.list(self)
            }
        }
    )*};
}
list!(
    [T: FieldValue] [T],
    [T: FieldValue] Vec<T>,
    [T: FieldValue, const N: usize] [T; N],
    [T: FieldValue] BTreeSet<T>,
    [T: FieldValue, S: BuildHasher] HashSet<T, S>
);
