//! Trait bounds for generic records: only the type parameters that sent fields use need them.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Generics, Type, WherePredicate};

/// `generics` plus `Ty: bound` for every type in `types` that mentions a type parameter.
///
/// Bounding the field types rather than the parameters keeps `T` free when it is only used
/// through a field that is skipped, or through a type such as `Vec<T>` whose own impl says what
/// `T` needs.
pub fn with_field_bounds<'a>(
    generics: &Generics,
    types: impl IntoIterator<Item = &'a Type>,
    bound: &TokenStream,
) -> syn::Result<Generics> {
    let params: BTreeSet<String> = generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    let mut generics = generics.clone();
    if params.is_empty() {
        return Ok(generics);
    }
    let mut seen = BTreeSet::new();
    for ty in types {
        let tokens = ty.to_token_stream();
        if !mentions(tokens.clone(), &params) || !seen.insert(tokens.to_string()) {
            continue;
        }
        let predicate: WherePredicate = syn::parse2(quote_spanned!(ty.span()=> #ty: #bound))?;
        generics.make_where_clause().predicates.push(predicate);
    }
    Ok(generics)
}

/// Whether `tokens` name any of `params`.
fn mentions(tokens: TokenStream, params: &BTreeSet<String>) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.contains(&ident.to_string()),
        TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;
    use syn::parse_quote;

    use super::*;

    #[test]
    fn bounds_only_types_that_use_a_parameter() {
        let generics: Generics = parse_quote!(<'a, T, U>);
        let types: Vec<Type> = vec![
            parse_quote!(String),
            parse_quote!(&'a str),
            parse_quote!(Vec<T>),
            parse_quote!(Vec<T>),
            parse_quote!(Option<(u8, [T; 2])>),
        ];
        let bounded =
            with_field_bounds(&generics, &types, &quote!(FieldValue)).expect("bounds parse");
        let predicates: Vec<String> = bounded
            .where_clause
            .expect("a where clause")
            .predicates
            .iter()
            .map(|predicate| quote!(#predicate).to_string())
            .collect();
        assert_eq!(
            predicates,
            [
                "Vec < T > : FieldValue",
                "Option < (u8 , [T ; 2]) > : FieldValue"
            ]
        );
    }

    #[test]
    fn no_type_parameters_no_where_clause() {
        let generics: Generics = parse_quote!(<'a, const N: usize>);
        let types: Vec<Type> = vec![parse_quote!(&'a str), parse_quote!([u8; N])];
        let bounded = with_field_bounds(&generics, &types, &quote!(FieldValue)).expect("bounds");
        assert!(bounded.where_clause.is_none());
    }
}
