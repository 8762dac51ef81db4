//! Code generation: the trait impls for a checked record or option enum.

use std::collections::BTreeSet;
use std::sync::Mutex;

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
    let body = to_form_body(record, &sent);
    let schema_checks = sent
        .iter()
        .filter_map(|(field, _, bound)| schema_check(field, (*bound)?));
    let tracking = tracking(record);
    let attendee_required = attendee_required(record);
    let update = record.kind.is_profile().then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics __Update for #ident #ty_generics #where_clause {}
        }
    });
    // The names the impls use are imported under short aliases, from one glob: `__private::X`
    // is four tokens, each of which costs the compiler time, and there are several per field.
    Ok(quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_imports, unused_qualifications)]
        const _: () = {
            use #private::{self, short::*};

            #[automatically_derived]
            impl #impl_generics __Record for #ident #ty_generics #where_clause {
                const KIND: __RecordKind = #kind;
                const FIELDS: &'static [__FieldInfo] = &[#(#infos),*];

                fn to_form(&self) -> __FormResult {
                    #body
                }
            }

            #[automatically_derived]
            impl #impl_generics __Create for #ident #ty_generics #where_clause {}

            #update

            #(#schema_checks)*

            #tracking

            #attendee_required
        };
    })
}

/// What makes Cargo rebuild the crate when the struct's schema changes: the file itself, and
/// the variable that may name another.
///
/// Cargo's dep-info is per crate, and a compiler process builds one crate, so each is said by
/// the first struct of the process that needs it rather than by every struct.
fn tracking(record: &Record<'_, '_>) -> TokenStream {
    let file = record.lookup.loaded.as_ref().and_then(|loaded| {
        first_in_process(Tracked::File(loaded.path.clone())).then(|| {
            let path = loaded.path.to_string_lossy();
            quote!(
                const _: &[u8] = ::core::include_bytes!(#path);
            )
        })
    });
    let env = (record.lookup.reads_env && first_in_process(Tracked::Env)).then(|| {
        let name = system::ENV;
        quote!(
            const _: __private::Option<&str> = ::core::option_env!(#name);
        )
    });
    quote!(#file #env)
}

/// Something the build depends on that the generated code tells Cargo about.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Tracked {
    File(std::path::PathBuf),
    Env,
}

/// Whether `tracked` is new to this compiler process (and so whether to emit it).
fn first_in_process(tracked: Tracked) -> bool {
    static SEEN: Mutex<BTreeSet<Tracked>> = Mutex::new(BTreeSet::new());
    SEEN.lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(tracked)
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

/// A check that a referral's `attendee` is of a type that always sends a value: the value of
/// the `const _` that holds the impls, so it costs no item of its own.
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
        if !<#ty as __FieldValue>::REQUIRED {
            ::core::panic!(
                "a referral's `attendee` is required: Lamplight refuses a referral that names no \
                 one; make it a `ProfileRef` (a profile id or email), not an `Option` or a list",
            )
        }
    })
}

/// The field's `FieldInfo`, its names worked out (and percent-encoded) now rather than at run
/// time. The field's type is named once, as `<Ty as FieldValue>` like in `to_form`, so that a
/// type that cannot be sent is one error rather than two; the common shapes go through a short
/// helper rather than the whole struct.
fn field_info(field: &Field<'_>, mapping: &Mapping, bound: Option<&Bound>) -> TokenStream {
    let rust_name = &field.name;
    let label = bound.map_or(mapping.label(), |bound| &bound.field.label);
    let wire_name = mapping.wire_name().unwrap_or_default();
    let encoded_name = urlencode(&wire_name);
    let ty = field.ty;
    // The role field's type is checked where it is written, with a message about roles; going
    // through `FieldValue` here would add a second, less helpful error for the same type.
    let shape = match mapping {
        Mapping::Role => quote!(__Shape::ROLE),
        _ => quote_spanned!(ty.span()=> <#ty as __FieldValue>::__SHAPE),
    };
    let same_names = *rust_name == wire_name && wire_name == encoded_name;
    let info = match mapping {
        Mapping::Custom { .. } if same_names => {
            quote!(__custom(#shape, #rust_name, #label))
        }
        Mapping::BuiltIn(_) if same_names => {
            quote!(__builtin(#shape, #rust_name, #label))
        }
        _ => {
            let source = match mapping {
                Mapping::Custom { .. } => quote!(__FieldSource::Custom),
                Mapping::CustomId { id, .. } => quote!(__FieldSource::CustomId(#id)),
                Mapping::Skipped | Mapping::Role | Mapping::BuiltIn(_) => {
                    quote!(__FieldSource::BuiltIn)
                }
            };
            quote!(__field(
                #shape, #rust_name, #label, #wire_name, #encoded_name, #source
            ))
        }
    };
    let Some(bound) = bound else {
        return info;
    };
    let required = bound.field.required.then(|| quote!(required: true,));
    // A string's values are the schema's options; an enum's are its own, checked to be among
    // them.
    let kind = (bound.check == Check::Values).then(|| {
        let options = bound.field.options.iter().map(|option| {
            let label = &option.label;
            let id = match u32::try_from(option.id) {
                Ok(id) => quote!(__Some(#id)),
                Err(_) => quote!(__None),
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
        quote!(kind: __private::ValueKind::#variant(&[#(#options),*]),)
    });
    if required.is_none() && kind.is_none() {
        return info;
    }
    quote!(__FieldInfo { #required #kind ..#info })
}

/// The body of `to_form`: one call that writes every field (the role first), each value made a
/// `&dyn DynFieldValue` at its field's type, so a type that cannot be sent is blamed on the
/// field. One call with a table, rather than code per field, keeps what each struct costs the
/// compiler small.
fn to_form_body(record: &Record<'_, '_>, sent: &[Sent<'_, '_>]) -> TokenStream {
    // `<Ty as FieldValue>::..`, as in `FIELDS`: a type that cannot be sent is then one error.
    let values = |sent: &[Sent<'_, '_>]| -> Vec<TokenStream> {
        sent.iter()
            .map(|(field, _, _)| {
                let ty = field.ty;
                let span = ty.span();
                let mut member = field.ident.clone();
                member.set_span(span);
                quote_spanned!(span=> <#ty as __FieldValue>::__as_dyn(&self.#member))
            })
            .collect()
    };
    if let Some(((field, Mapping::Role, _), rest)) = sent.split_first() {
        let ty = field.ty;
        let span = ty.span();
        let mut member = field.ident.clone();
        member.set_span(span);
        let role = quote_spanned!(span=> <#ty as __RoleField>::role(&self.#member));
        let values = values(rest);
        return quote! {
            __encode_with_role(Self::FIELDS, Self::KIND, #role, &[#(#values),*])
        };
    }
    let fixed_role = match record.role {
        Some(role) => {
            let role = role_tokens(role);
            quote!(__Some(#role))
        }
        None => quote!(__None),
    };
    let values = values(sent);
    quote!(__encode(Self::FIELDS, #fixed_role, &[#(#values),*]))
}

fn kind_tokens(kind: RecordKind) -> TokenStream {
    match kind {
        RecordKind::Referral => quote!(__RecordKind::Referral),
        RecordKind::Person => quote!(__RecordKind::Person),
        RecordKind::Organisation => quote!(__RecordKind::Organisation),
        RecordKind::Family => quote!(__RecordKind::Family),
    }
}

fn role_tokens(role: Role) -> TokenStream {
    match role {
        Role::User => quote!(__Role::User),
        Role::Contact => quote!(__Role::Contact),
        Role::Staff => quote!(__Role::Staff),
        Role::Funder => quote!(__Role::Funder),
        Role::Org => quote!(__Role::Org),
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
