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
    let name = runtime_crate(|candidate| crate_name(candidate).ok());
    // A name from a manifest is always an identifier; should one not be, rustc's "unresolved
    // crate `lamplight`" says more than a panic in the derive would.
    let ident = syn::parse_str::<Ident>(&name)
        .unwrap_or_else(|_| Ident::new(&CANDIDATES[0].replace('-', "_"), Span::call_site()));
    quote!(::#ident::__private)
}

/// The name under which the user's crate sees the first of [`CANDIDATES`] that `lookup` finds
/// in its manifest.
fn runtime_crate(mut lookup: impl FnMut(&str) -> Option<FoundCrate>) -> String {
    let found = CANDIDATES
        .iter()
        .find_map(|candidate| match lookup(candidate)? {
            FoundCrate::Name(name) => Some(name),
            // The package's own tests, doctests and examples name it from outside, like any
            // user.
            FoundCrate::Itself => Some(candidate.replace('-', "_")),
        });
    // With no lamplight crate in the manifest (or none readable), assume the facade; rustc then
    // says plainly that `lamplight` is missing.
    found.unwrap_or_else(|| CANDIDATES[0].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A manifest holding `deps`, each as (package, name the user's code knows it by).
    fn resolve(deps: &[(&str, &str)]) -> String {
        runtime_crate(|candidate| {
            deps.iter()
                .find(|(package, _)| *package == candidate)
                .map(|(_, name)| match *name {
                    "itself" => FoundCrate::Itself,
                    name => FoundCrate::Name(name.to_owned()),
                })
        })
    }

    #[test]
    fn the_facade_wins_over_the_crates_it_re_exports() {
        let deps = [
            ("lamplight-core", "lamplight_core"),
            ("lamplight-client", "lamplight_client"),
            ("lamplight", "lamplight"),
        ];
        assert_eq!(resolve(&deps), "lamplight");
    }

    #[test]
    fn the_client_alone_is_enough() {
        let deps = [("lamplight-client", "lamplight_client")];
        assert_eq!(resolve(&deps), "lamplight_client");
    }

    #[test]
    fn the_client_wins_over_core() {
        let deps = [
            ("lamplight-core", "lamplight_core"),
            ("lamplight-client", "lamplight_client"),
        ];
        assert_eq!(resolve(&deps), "lamplight_client");
    }

    #[test]
    fn core_alone_is_enough() {
        assert_eq!(
            resolve(&[("lamplight-core", "lamplight_core")]),
            "lamplight_core"
        );
    }

    #[test]
    fn a_renamed_dependency_is_used_by_its_new_name() {
        assert_eq!(resolve(&[("lamplight", "lp")]), "lp");
    }

    #[test]
    fn a_package_names_itself_as_users_do() {
        assert_eq!(resolve(&[("lamplight-core", "itself")]), "lamplight_core");
        assert_eq!(
            resolve(&[("lamplight-client", "itself")]),
            "lamplight_client"
        );
    }

    #[test]
    fn without_any_the_facade_is_assumed() {
        assert_eq!(resolve(&[]), "lamplight");
    }

    #[test]
    fn the_override_is_used_as_written() {
        let path: syn::Path = syn::parse_quote!(crate::vendored::lamplight);
        assert_eq!(
            private_path(Some(&path)).to_string(),
            "crate :: vendored :: lamplight :: __private"
        );
    }
}
