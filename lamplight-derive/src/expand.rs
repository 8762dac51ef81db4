//! Code generation: the trait impls for a checked record or option enum.

use lamplight_core::{RecordKind, Role, urlencode};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned as _;

use crate::against::{Bound, Check};
use crate::ast::{Enum, Field, Struct};
use crate::ctxt::Ctxt;
use crate::system;
use crate::valid::{self, OptionEnum, Record};
use crate::wire::Mapping;
use crate::{bound, fallback, runtime};

/// `#[derive(LamplightRecord)]`: the impls, or every error found beside a stub impl.
pub fn derive_record(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let parsed = Struct::from_syn(&cx, input);
    let record = parsed
        .as_ref()
        .and_then(|parsed| valid::record(&cx, parsed));
    let private = runtime::private_path(
        parsed
            .as_ref()
            .and_then(|parsed| parsed.attrs.krate.as_ref())
            .map(|krate| &krate.value),
    );
    let errors = match (cx.check(), &record) {
        (Ok(()), Some(record)) => match record_impls(record, &private) {
            Ok(impls) => return impls,
            Err(errors) => errors,
        },
        (Err(errors), _) => errors,
        // Reading or checking only gives up after reporting why.
        (Ok(()), None) => syn::Error::new(input.ident.span(), "the record could not be read"),
    };
    let kind = parsed
        .as_ref()
        .and_then(|parsed| parsed.attrs.kind.as_ref())
        .map(|kind| kind.value);
    let stub = fallback::record(input, &private, kind);
    let errors = errors.to_compile_error();
    quote!(#stub #errors)
}

/// `#[derive(LamplightOption)]`: the impls, or every error found beside a stub impl.
pub fn derive_option(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let parsed = Enum::from_syn(&cx, input);
    let checked = parsed
        .as_ref()
        .map(|parsed| valid::option_enum(&cx, parsed));
    let private = runtime::private_path(
        parsed
            .as_ref()
            .and_then(|parsed| parsed.attrs.krate.as_ref())
            .map(|krate| &krate.value),
    );
    match (cx.check(), &checked) {
        (Ok(()), Some(checked)) => option_impls(checked, &private),
        (result, _) => {
            let stub = fallback::option(input, &private);
            let errors = result.err().map(|errors| errors.to_compile_error());
            quote!(#stub #errors)
        }
    }
}

/// A field that is sent, with how, and the schema field it is bound to.
type Sent<'r, 'a> = (&'r Field<'a>, &'r Mapping, Option<&'r Bound>);

/// The field of the profile's role comes first, as it is sent first; skipped fields go.
fn sent_fields<'r, 'a>(record: &'r Record<'_, 'a>) -> Vec<Sent<'r, 'a>> {
    let bound = record
        .bound
        .iter()
        .map(Option::as_ref)
        .chain(std::iter::repeat(None));
    let sent = record
        .fields
        .iter()
        .zip(bound)
        .filter(|((_, mapping), _)| !matches!(mapping, Mapping::Skipped));
    let (mut role, rest): (Vec<_>, Vec<_>) =
        sent.partition(|((_, mapping), _)| matches!(mapping, Mapping::Role));
    role.extend(rest);
    role.into_iter()
        .map(|((field, mapping), bound)| (*field, mapping, bound))
        .collect()
}

fn record_impls(record: &Record<'_, '_>, private: &TokenStream) -> syn::Result<TokenStream> {
    let ident = record.input.ident();
    let sent = sent_fields(record);
    let generics = bound::with_field_bounds(
        record.input.generics(),
        sent.iter()
            .filter(|(_, mapping, _)| !matches!(mapping, Mapping::Role))
            .map(|(field, _, _)| field.ty),
        &quote!(__private::FieldValue),
    )?;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let kind = kind_tokens(record.kind);
    let infos = sent
        .iter()
        .map(|(field, mapping, bound)| field_info(field, mapping, *bound));
    let writes = writes(&sent);
    let schema_checks = sent
        .iter()
        .filter_map(|(field, _, bound)| schema_check(field, (*bound)?));
    let tracking = tracking(record);
    let fixed_role = record.role.map(|role| {
        let role = role_tokens(role);
        quote!(__private::write_role(&mut form, #role);)
    });
    let capacity = sent.len() + usize::from(fixed_role.is_some());
    let attendee_required = attendee_required(record);
    let update = record.kind.is_profile().then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics __private::Update for #ident #ty_generics #where_clause {}
        }
    });
    Ok(quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications)]
        const _: () = {
            use #private;

            #[automatically_derived]
            impl #impl_generics __private::Record for #ident #ty_generics #where_clause {
                const KIND: __private::RecordKind = #kind;
                const FIELDS: &'static [__private::FieldInfo] = &[#(#infos),*];

                fn to_form(
                    &self,
                ) -> __private::Result<__private::Form, __private::EncodeError> {
                    let mut form = __private::Form::with_capacity(#capacity);
                    #fixed_role
                    #writes
                    __private::Ok(form)
                }
            }

            #[automatically_derived]
            impl #impl_generics __private::Create for #ident #ty_generics #where_clause {}

            #update

            #attendee_required

            #(#schema_checks)*

            #tracking
        };
    })
}

/// What makes Cargo rebuild the crate when the struct's schema changes: the file itself, and
/// the variable that may name another.
fn tracking(record: &Record<'_, '_>) -> TokenStream {
    let file = record.lookup.loaded.as_ref().map(|loaded| {
        let path = loaded.path.to_string_lossy();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    let env = record.lookup.reads_env.then(|| {
        let name = system::ENV;
        quote!(
            const _: __private::Option<&str> = ::core::option_env!(#name);
        )
    });
    quote!(#file #env)
}

/// The check that the field's type can carry its schema field, where the syntax could not tell.
fn schema_check(field: &Field<'_>, bound: &Bound) -> Option<TokenStream> {
    let ty = field.ty;
    match bound.check {
        Check::Nothing | Check::Values => None,
        Check::Trait(name) => {
            let check = syn::Ident::new(name, ty.span());
            Some(quote_spanned!(ty.span()=> const _: fn() = __private::#check::<#ty>;))
        }
        Check::Options { multiple } => {
            let schema = &bound.field;
            let label = &schema.label;
            let labels = schema.options.iter().map(|option| &option.label);
            let ids = schema.options.iter().map(|option| option.id);
            let listed: Vec<String> = schema
                .options
                .iter()
                .map(|option| format!("`{}` (id {})", option.label, option.id))
                .collect();
            let listed = listed.join(", ");
            let owner = if multiple {
                quote_spanned!(ty.span()=> <#ty as __private::OptionListField>)
            } else {
                quote_spanned!(ty.span()=> <#ty as __private::OptionField>)
            };
            Some(quote_spanned! {ty.span()=>
                const _: () = __private::check_options(
                    #owner::OPTIONS,
                    #owner::VARIANTS,
                    &__private::SchemaOptions {
                        field: #label,
                        labels: &[#(#labels),*],
                        ids: &[#(#ids),*],
                        listed: #listed,
                    },
                );
            })
        }
    }
}

/// A check that a referral's `attendee` is of a type that always sends a value.
///
/// The derive already refuses `attendee: Option<_>` as written; this catches the same mistake
/// behind a type alias, or a list. It needs the type to stand alone, so it is left out for
/// generic records.
fn attendee_required(record: &Record<'_, '_>) -> Option<TokenStream> {
    if record.kind != RecordKind::Referral || !record.input.generics().params.is_empty() {
        return None;
    }
    let (field, _) = record.fields.iter().find(|(_, mapping)| {
        matches!(mapping, Mapping::BuiltIn(builtin) if builtin.wire_name == "attendee")
    })?;
    let ty = field.ty;
    Some(quote_spanned! {ty.span()=>
        const _: () = ::core::assert!(
            <#ty as __private::FieldValue>::REQUIRED,
            "a referral's `attendee` is required: Lamplight refuses a referral that names no one; \
             make it a `ProfileRef` (a profile id or email), not an `Option` or a list",
        );
    })
}

/// The field's `FieldInfo`, its names worked out (and percent-encoded) now rather than at run
/// time.
fn field_info(field: &Field<'_>, mapping: &Mapping, bound: Option<&Bound>) -> TokenStream {
    let rust_name = &field.name;
    let label = bound.map_or(mapping.label(), |bound| &bound.field.label);
    let wire_name = mapping.wire_name().unwrap_or_default();
    let encoded_name = urlencode(&wire_name);
    let source = match mapping {
        Mapping::Custom { .. } => quote!(__private::FieldSource::Custom),
        Mapping::CustomId { id, .. } => quote!(__private::FieldSource::CustomId(#id)),
        Mapping::Skipped | Mapping::Role | Mapping::BuiltIn(_) => {
            quote!(__private::FieldSource::BuiltIn)
        }
    };
    let ty = field.ty;
    // The role field's type is checked where it is written, with a message about roles; going
    // through `FieldValue` here would add a second, less helpful error for the same type.
    let (mut required, mut kind) = match mapping {
        Mapping::Role => (quote!(true), quote!(__private::ValueKind::Role)),
        _ => {
            let value = quote_spanned!(ty.span()=> <#ty as __private::FieldValue>);
            (quote!(#value::REQUIRED), quote!(#value::KIND))
        }
    };
    if let Some(bound) = bound {
        if bound.field.required {
            required = quote!(true);
        }
        // A string's values are the schema's options; an enum's are its own, checked to be
        // among them.
        if bound.check == Check::Values {
            let options = bound.field.options.iter().map(|option| {
                let label = &option.label;
                let id = match u32::try_from(option.id) {
                    Ok(id) => quote!(__private::Some(#id)),
                    Err(_) => quote!(__private::None),
                };
                quote! {
                    __private::OptionInfo { label: #label, wire_value: #label, id: #id }
                }
            });
            let variant = if bound.field.field_type.is_multiple() {
                quote!(MultiSelect)
            } else {
                quote!(Select)
            };
            kind = quote!(__private::ValueKind::#variant(&[#(#options),*]));
        }
    }
    quote! {
        __private::FieldInfo {
            rust_name: #rust_name,
            label: #label,
            wire_name: #wire_name,
            encoded_name: #encoded_name,
            source: #source,
            required: #required,
            kind: #kind,
        }
    }
}

/// The statements that write the fields: the role field's, then one call for all the others,
/// each value made a `&dyn DynFieldValue` at its field's type, so a type that cannot be sent is
/// blamed on the field. One call with a table, rather than a call per field, keeps the
/// code each struct costs the compiler small.
fn writes(sent: &[Sent<'_, '_>]) -> TokenStream {
    let mut out = TokenStream::new();
    let mut start = 0;
    if let Some((field, Mapping::Role, _)) = sent.first() {
        let ty = field.ty;
        let span = ty.span();
        let mut member = field.ident.clone();
        member.set_span(span);
        out.extend(quote_spanned! {span=>
            __private::write_role_field(
                &mut form,
                &Self::FIELDS[0],
                Self::KIND,
                <#ty as __private::RoleField>::role(&self.#member),
            )?;
        });
        start = 1;
    }
    // `<Ty as FieldValue>::..`, as in `FIELDS`: a type that cannot be sent is then one error.
    let values = sent[start..].iter().map(|(field, _, _)| {
        let ty = field.ty;
        let span = ty.span();
        let mut member = field.ident.clone();
        member.set_span(span);
        quote_spanned!(span=> <#ty as __private::FieldValue>::__as_dyn(&self.#member))
    });
    if sent.len() > start {
        let start = Literal::usize_unsuffixed(start);
        out.extend(quote! {
            __private::write_fields(&mut form, &Self::FIELDS[#start..], &[#(#values),*])?;
        });
    }
    out
}

fn kind_tokens(kind: RecordKind) -> TokenStream {
    match kind {
        RecordKind::Referral => quote!(__private::RecordKind::Referral),
        RecordKind::Person => quote!(__private::RecordKind::Person),
        RecordKind::Organisation => quote!(__private::RecordKind::Organisation),
        RecordKind::Family => quote!(__private::RecordKind::Family),
    }
}

fn role_tokens(role: Role) -> TokenStream {
    match role {
        Role::User => quote!(__private::Role::User),
        Role::Contact => quote!(__private::Role::Contact),
        Role::Staff => quote!(__private::Role::Staff),
        Role::Funder => quote!(__private::Role::Funder),
        Role::Org => quote!(__private::Role::Org),
    }
}

fn option_impls(checked: &OptionEnum<'_, '_>, private: &TokenStream) -> TokenStream {
    let ident = checked.input.ident();
    let (impl_generics, ty_generics, where_clause) =
        checked.input.original.generics.split_for_impl();
    let options = checked.options.iter().map(|choice| {
        let label = &choice.label;
        let wire_value = &choice.wire_value;
        let id = match choice.id {
            Some(id) => quote!(__private::Some(#id)),
            None => quote!(__private::None),
        };
        quote! {
            __private::OptionInfo { label: #label, wire_value: #wire_value, id: #id }
        }
    });
    let to_option = checked.options.iter().enumerate().map(|(index, choice)| {
        let variant = choice.variant.ident;
        let index = Literal::usize_unsuffixed(index);
        quote!(Self::#variant => &<Self as __private::LamplightOption>::OPTIONS[#index],)
    });
    let variants = checked
        .options
        .iter()
        .map(|choice| format!("{ident}::{}", choice.variant.ident));
    let from_label = checked.options.iter().map(|choice| {
        let variant = choice.variant.ident;
        let label = &choice.label;
        quote!(#label => __private::Some(Self::#variant),)
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications)]
        const _: () = {
            use #private;

            #[automatically_derived]
            impl #impl_generics __private::LamplightOption for #ident #ty_generics #where_clause {
                const OPTIONS: &'static [__private::OptionInfo] = &[#(#options),*];

                fn option(&self) -> &'static __private::OptionInfo {
                    match self {
                        #(#to_option)*
                    }
                }

                fn from_label(label: &str) -> __private::Option<Self> {
                    match label {
                        #(#from_label)*
                        _ => __private::None,
                    }
                }
            }

            #[automatically_derived]
            impl #impl_generics __private::FieldValue for #ident #ty_generics #where_clause {
                const KIND: __private::ValueKind = __private::ValueKind::Select(
                    <Self as __private::LamplightOption>::OPTIONS,
                );

                fn write(
                    &self,
                    out: &mut __private::FieldWriter<'_>,
                ) -> __private::Result<(), __private::EncodeError> {
                    __private::write_option(self, out)
                }
            }

            #[automatically_derived]
            impl #impl_generics __private::OptionField for #ident #ty_generics #where_clause {
                const OPTIONS: &'static [__private::OptionInfo] =
                    <Self as __private::LamplightOption>::OPTIONS;
                const VARIANTS: &'static [&'static str] = &[#(#variants),*];
            }
        };
    }
}
