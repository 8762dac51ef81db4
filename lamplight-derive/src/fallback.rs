//! Stub impls emitted beside the errors for an invalid input.
//!
//! Without them every use of the type would add a "trait not implemented" error to the ones that
//! say what is actually wrong. Their bodies never run: the crate does not compile.

use lamplight_core::RecordKind;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// `Record`, `Create` and (unless it is known to be a referral) `Update`.
pub fn record(input: &DeriveInput, private: &TokenStream, kind: Option<RecordKind>) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let kind_tokens = match kind {
        Some(RecordKind::Person) => quote!(__private::RecordKind::Person),
        Some(RecordKind::Organisation) => quote!(__private::RecordKind::Organisation),
        Some(RecordKind::Family) => quote!(__private::RecordKind::Family),
        Some(RecordKind::Referral) | None => quote!(__private::RecordKind::Referral),
    };
    let update = (kind != Some(RecordKind::Referral)).then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics __private::Update for #ident #ty_generics #where_clause {}
        }
    });
    quote! {
        #[doc(hidden)]
        const _: () = {
            use #private;

            #[automatically_derived]
            impl #impl_generics __private::Record for #ident #ty_generics #where_clause {
                const KIND: __private::RecordKind = #kind_tokens;
                const FIELDS: &'static [__private::FieldInfo] = &[];

                fn to_form(
                    &self,
                ) -> __private::Result<__private::Form, __private::EncodeError> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics __private::Create for #ident #ty_generics #where_clause {}

            #update
        };
    }
}

/// `LamplightOption` and `FieldValue`.
pub fn option(input: &DeriveInput, private: &TokenStream) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[doc(hidden)]
        const _: () = {
            use #private;

            #[automatically_derived]
            impl #impl_generics __private::LamplightOption for #ident #ty_generics #where_clause {
                const OPTIONS: &'static [__private::OptionInfo] = &[];

                fn option(&self) -> &'static __private::OptionInfo {
                    ::core::unreachable!()
                }

                fn from_label(_: &str) -> __private::Option<Self> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics __private::FieldValue for #ident #ty_generics #where_clause {
                const KIND: __private::ValueKind = __private::ValueKind::Select(&[]);

                fn write(
                    &self,
                    _: &mut __private::FieldWriter<'_>,
                ) -> __private::Result<(), __private::EncodeError> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics __private::OptionField for #ident #ty_generics #where_clause {
                const OPTIONS: &'static [__private::OptionInfo] = &[];
                const VARIANTS: &'static [&'static str] = &[];
            }
        };
    }
}
