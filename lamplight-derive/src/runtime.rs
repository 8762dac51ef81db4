//! Finding the crate that generated code reaches its runtime support through.
//!
//! The user's `Cargo.toml` says which lamplight crate they depend on, and under what name. It
//! is read here, once per compiler process (and again only when it changes), rather than by
//! asking Cargo: a `cargo locate-project` per crate cost more than expanding a hundred structs.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;
use toml::{Table, Value};

/// The crates that re-export `__private`, most complete first: a user may depend on any one.
const CANDIDATES: [&str; 3] = ["lamplight", "lamplight-client", "lamplight-core"];

/// The tables of a manifest that list dependencies, at the top level or under
/// `[target.'cfg(..)']`.
const DEPENDENCY_TABLES: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];

/// The path of the runtime's `__private` module: under `crate = "..."` when given, else under
/// whichever lamplight crate the user depends on.
pub fn private_path(krate: Option<&syn::Path>) -> TokenStream {
    if let Some(path) = krate {
        return quote!(#path::__private);
    }
    let name = cached_runtime_crate();
    // A name from a manifest is always an identifier; should one not be, rustc's "unresolved
    // crate `lamplight`" says more than a panic in the derive would.
    let ident = syn::parse_str::<Ident>(&name)
        .unwrap_or_else(|_| Ident::new(&CANDIDATES[0].replace('-', "_"), Span::call_site()));
    quote!(::#ident::__private)
}

/// How the crate being compiled knows a lamplight crate.
#[derive(Debug, PartialEq)]
enum Found {
    /// It is that package (its tests, doctests and examples name it from outside, like a user).
    Itself,
    /// It depends on it under this name.
    Name(String),
}

/// The manifest a name was read from, when it was last changed, and the name.
type Cached = (PathBuf, Option<SystemTime>, String);

/// [`runtime_crate`] for the package being compiled, read from its manifest once per compiler
/// process and again only when the file changes.
fn cached_runtime_crate() -> String {
    static CACHE: Mutex<Option<Cached>> = Mutex::new(None);
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let manifest = dir.as_deref().map(|dir| dir.join("Cargo.toml"));
    let modified = manifest.as_deref().and_then(modified);
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let (Some((path, when, name)), Some(manifest)) = (cache.as_ref(), manifest.as_ref())
        && path == manifest
        && when.is_some()
        && *when == modified
    {
        return name.clone();
    }
    let package = std::env::var("CARGO_PKG_NAME").ok();
    let parsed = manifest.as_deref().and_then(read_table);
    let workspace = std::cell::OnceCell::new();
    let name = runtime_crate(|candidate| {
        if package.as_deref() == Some(candidate) {
            return Some(Found::Itself);
        }
        let parsed = parsed.as_ref()?;
        let workspace = workspace.get_or_init(|| {
            manifest
                .as_deref()
                .and_then(|manifest| workspace_table(manifest, parsed))
        });
        dependency_name(parsed, workspace.as_ref(), candidate).map(Found::Name)
    });
    if let Some(manifest) = manifest {
        *cache = Some((manifest, modified, name.clone()));
    }
    name
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .ok()
}

fn read_table(path: &Path) -> Option<Table> {
    std::fs::read_to_string(path).ok()?.parse().ok()
}

/// The `[workspace]` manifest of the package whose manifest is `manifest`: the package's own
/// when it has a `[workspace]`, the one `package.workspace` names, else the nearest above it
/// that has one, as Cargo finds it.
fn workspace_table(manifest: &Path, parsed: &Table) -> Option<Table> {
    if parsed.contains_key("workspace") {
        return Some(parsed.clone());
    }
    let dir = manifest.parent()?;
    let named = parsed
        .get("package")
        .and_then(|package| package.get("workspace"))
        .and_then(Value::as_str);
    if let Some(named) = named {
        return read_table(&dir.join(named).join("Cargo.toml"));
    }
    dir.ancestors()
        .skip(1)
        .map(|dir| dir.join("Cargo.toml"))
        .filter(|path| path.is_file())
        .filter_map(|path| read_table(&path))
        .find(|table| table.contains_key("workspace"))
}

/// The name under which a manifest's dependencies know `package`, if they list it: its key,
/// or the key whose `package = "..."` names it (here or, for `workspace = true`, in the
/// workspace's `[workspace.dependencies]`).
fn dependency_name(manifest: &Table, workspace: Option<&Table>, package: &str) -> Option<String> {
    let workspace_deps = workspace
        .and_then(|workspace| workspace.get("workspace"))
        .and_then(|workspace| workspace.get("dependencies"))
        .and_then(Value::as_table);
    let targets = manifest
        .get("target")
        .and_then(Value::as_table)
        .into_iter()
        .flat_map(|targets| targets.values().filter_map(Value::as_table));
    let tables = std::iter::once(manifest)
        .chain(targets)
        .flat_map(|table| DEPENDENCY_TABLES.iter().filter_map(|name| table.get(*name)))
        .filter_map(Value::as_table);
    for deps in tables {
        for (key, spec) in deps {
            let inherited = spec.get("workspace").and_then(Value::as_bool) == Some(true);
            let renamed = if inherited {
                workspace_deps.and_then(|deps| deps.get(key))
            } else {
                Some(spec)
            }
            .and_then(|spec| spec.get("package"))
            .and_then(Value::as_str);
            if renamed.unwrap_or(key) == package {
                return Some(key.replace('-', "_"));
            }
        }
    }
    None
}

/// The name under which the user's crate sees the first of [`CANDIDATES`] that `lookup` finds
/// in its manifest.
fn runtime_crate(mut lookup: impl FnMut(&str) -> Option<Found>) -> String {
    let found = CANDIDATES
        .iter()
        .find_map(|candidate| match lookup(candidate)? {
            Found::Name(name) => Some(name),
            // The package's own tests, doctests and examples name it from outside, like any
            // user.
            Found::Itself => Some(candidate.replace('-', "_")),
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
                    "itself" => Found::Itself,
                    name => Found::Name(name.to_owned()),
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

    fn table(text: &str) -> Table {
        text.parse().expect("a test manifest parses")
    }

    #[test]
    fn a_dependency_is_found_by_its_key() {
        let manifest = table("[dependencies]\nlamplight = \"0.1\"\nserde = \"1\"\n");
        assert_eq!(
            dependency_name(&manifest, None, "lamplight").as_deref(),
            Some("lamplight")
        );
        assert_eq!(dependency_name(&manifest, None, "lamplight-core"), None);
    }

    #[test]
    fn a_hyphenated_key_is_named_with_underscores() {
        let manifest = table("[dev-dependencies]\nlamplight-client = { version = \"0.1\" }\n");
        assert_eq!(
            dependency_name(&manifest, None, "lamplight-client").as_deref(),
            Some("lamplight_client")
        );
    }

    #[test]
    fn a_renamed_dependency_is_found_by_its_package() {
        let manifest =
            table("[dependencies]\nlp = { package = \"lamplight\", version = \"0.1\" }\n");
        assert_eq!(
            dependency_name(&manifest, None, "lamplight").as_deref(),
            Some("lp")
        );
    }

    #[test]
    fn a_target_specific_dependency_counts() {
        let manifest = table("[target.'cfg(unix)'.build-dependencies]\nlamplight-core = \"0.1\"\n");
        assert_eq!(
            dependency_name(&manifest, None, "lamplight-core").as_deref(),
            Some("lamplight_core")
        );
    }

    #[test]
    fn an_inherited_dependency_is_renamed_by_the_workspace() {
        let manifest = table("[dependencies]\nlp = { workspace = true }\n");
        let workspace =
            table("[workspace.dependencies]\nlp = { package = \"lamplight\", path = \"..\" }\n");
        assert_eq!(
            dependency_name(&manifest, Some(&workspace), "lamplight").as_deref(),
            Some("lp")
        );
        let plain = table("[dependencies]\nlamplight = { workspace = true }\n");
        assert_eq!(
            dependency_name(&plain, Some(&workspace), "lamplight").as_deref(),
            Some("lamplight")
        );
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
