//! Borrowed views of the derive input, keeping the syn nodes so errors point at user tokens.

use proc_macro2::Span;
use syn::ext::IdentExt as _;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Type};

use crate::attr::{FieldAttrs, OptionAttrs, RecordAttrs, VariantAttrs};
use crate::ctxt::Ctxt;

/// A struct deriving `LamplightRecord`.
pub struct Struct<'a> {
    /// The whole input.
    pub original: &'a DeriveInput,
    /// `#[lamplight(...)]` on the struct.
    pub attrs: RecordAttrs,
    /// The named fields, in declaration order.
    pub fields: Vec<Field<'a>>,
}

/// One named field of a record.
pub struct Field<'a> {
    /// Its name as written (possibly `r#type`).
    pub ident: &'a Ident,
    /// Its name without `r#`.
    pub name: String,
    pub ty: &'a Type,
    /// `#[lamplight(...)]` on the field.
    pub attrs: FieldAttrs,
}

/// An enum deriving `LamplightOption`.
pub struct Enum<'a> {
    /// The whole input.
    pub original: &'a DeriveInput,
    /// `#[lamplight(...)]` on the enum.
    pub attrs: OptionAttrs,
    /// Its variants, in declaration order.
    pub variants: Vec<Variant<'a>>,
}

/// One variant of an option enum.
pub struct Variant<'a> {
    /// The variant's node.
    pub original: &'a syn::Variant,
    pub ident: &'a Ident,
    /// `#[lamplight(...)]` on the variant.
    pub attrs: VariantAttrs,
}

impl<'a> Struct<'a> {
    /// Reads a record's input; `None`, with the error reported, unless it is a struct with named
    /// fields.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = RecordAttrs::parse(cx, &input.attrs);
        let data = match &input.data {
            Data::Struct(data) => data,
            Data::Enum(data) => {
                cx.error_at(
                    data.enum_token.span,
                    "`LamplightRecord` is derived on a struct with named fields, one per \
                     Lamplight field; for the options of a select field, derive \
                     `LamplightOption` on the enum instead",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_at(
                    data.union_token.span,
                    "`LamplightRecord` is derived on a struct with named fields, one per \
                     Lamplight field, not on a union",
                );
                return None;
            }
        };
        let named = match &data.fields {
            Fields::Named(named) => named,
            Fields::Unnamed(fields) => {
                cx.error_spanned_by(
                    fields,
                    "a Lamplight record needs named fields, because each field's name is its \
                     Lamplight field: write `struct Name { attendee: ProfileRef, .. }`",
                );
                return None;
            }
            Fields::Unit => {
                cx.error_at(
                    input.ident.span(),
                    "a Lamplight record needs named fields, one per Lamplight field: write \
                     `struct Name { attendee: ProfileRef, .. }`",
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| Field::from_syn(cx, field))
            .collect();
        Some(Struct {
            original: input,
            attrs,
            fields,
        })
    }

    /// The struct's name.
    pub fn ident(&self) -> &'a Ident {
        &self.original.ident
    }

    /// The struct's generics.
    pub fn generics(&self) -> &'a Generics {
        &self.original.generics
    }
}

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, field: &'a syn::Field) -> Option<Self> {
        let attrs = FieldAttrs::parse(cx, &field.attrs);
        // A field inside `Fields::Named` always has a name.
        let ident = field.ident.as_ref()?;
        Some(Field {
            ident,
            name: ident.unraw().to_string(),
            ty: &field.ty,
            attrs,
        })
    }

    /// Where to blame the field's label: the `rename` string, or else the field's name.
    pub fn label_span(&self) -> Span {
        match &self.attrs.rename {
            Some(rename) => rename.value.span(),
            None => self.ident.span(),
        }
    }
}

impl<'a> Enum<'a> {
    /// Reads an option enum's input; `None`, with the error reported, unless it is an enum.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = OptionAttrs::parse(cx, &input.attrs);
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                cx.error_at(
                    data.struct_token.span,
                    "`LamplightOption` is derived on a fieldless enum, one variant per option; \
                     for a record, derive `LamplightRecord` on the struct instead",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_at(
                    data.union_token.span,
                    "`LamplightOption` is derived on a fieldless enum, one variant per option, \
                     not on a union",
                );
                return None;
            }
        };
        let variants = data
            .variants
            .iter()
            .map(|variant| Variant {
                original: variant,
                ident: &variant.ident,
                attrs: VariantAttrs::parse(cx, &variant.attrs),
            })
            .collect();
        Some(Enum {
            original: input,
            attrs,
            variants,
        })
    }

    /// The enum's name.
    pub fn ident(&self) -> &'a Ident {
        &self.original.ident
    }
}

impl Variant<'_> {
    /// Where to blame the option's label: the `rename` string, or else the variant's name.
    pub fn label_span(&self) -> Span {
        match &self.attrs.rename {
            Some(rename) => rename.value.span(),
            None => self.ident.span(),
        }
    }
}
