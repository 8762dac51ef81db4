//! Finding the crate that generated code reaches its runtime support through.

use proc_macro_crate::{FoundCrate, crate_name};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

/// The crates that re-export `__private`, most complete first: a user may depend on any one.
const CANDIDATES: [&str; 3] = ["lamplight", "lamplight-client", "lamplight-core"];

/// The path of the runtime's `__private` module: under `crate = "..."` when given, else under
/// whichever lamplight crate the user depends on.
pub fn private_path(krate: Option<&syn::Path>) -> TokenStream {
    if let Some(path) = krate {
        return quote!(#path::__private);
    }
    let found = CANDIDATES.iter().find_map(|candidate| {
        let name = match crate_name(candidate).ok()? {
            FoundCrate::Name(name) => name,
            // The package's own doctests and examples name it from outside, like any user.
            FoundCrate::Itself => candidate.replace('-', "_"),
        };
        Some(name)
    });
    // With no lamplight crate in the manifest (or none readable), assume the facade; rustc then
    // says plainly that `lamplight` is missing.
    let name = found.unwrap_or_else(|| CANDIDATES[0].to_owned());
    let ident = Ident::new(&name, Span::call_site());
    quote!(::#ident::__private)
}
