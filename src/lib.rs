//! Typed records, an async client and a local emulator for the Lamplight publishing API.

#[doc(hidden)]
pub use lamplight_client::__private;
pub use lamplight_client::*;
pub use lamplight_core::schema;
pub use lamplight_core::{
    FieldInfo, FieldSource, FieldWriter, InvalidEmail, InvalidPostcode, LamplightOption,
    OptionInfo, UnknownRole, ValueKind, find_html_tag, urlencode,
};
pub use lamplight_derive::{LamplightOption, LamplightRecord};
