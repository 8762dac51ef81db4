//! One vocabulary: every item a user names is reachable through `lamplight_client` alone, with
//! the same identity as in `lamplight_core`.

use std::any::TypeId;

#[test]
fn every_core_item_is_reexported() {
    macro_rules! same {
        ($($name:ident),* $(,)?) => {$(
            assert_eq!(
                TypeId::of::<lamplight_client::$name>(),
                TypeId::of::<lamplight_core::$name>(),
                stringify!($name)
            );
        )*};
    }
    same!(
        Attendance,
        EncodeError,
        EncodeErrorKind,
        ErrorCode,
        FieldInfo,
        FieldSource,
        Form,
        GroupMembership,
        InvalidEmail,
        InvalidPostcode,
        NotAProfile,
        OptionInfo,
        Postcode,
        ProfileId,
        ProfileKind,
        ProfileRef,
        RecordId,
        RecordKind,
        Relationship,
        Role,
        UnknownRole,
        ValueKind,
        WorkId,
        WorkareaId,
    );
    assert_eq!(
        TypeId::of::<lamplight_client::FieldWriter<'static>>(),
        TypeId::of::<lamplight_core::FieldWriter<'static>>()
    );
    fn traits<T>()
    where
        T: lamplight_client::LamplightOption
            + lamplight_client::FieldValue
            + lamplight_core::LamplightOption,
    {
    }
    fn records<
        R: lamplight_client::Create + lamplight_client::Update + lamplight_client::Record,
    >() {
    }
    records::<lamplight_client::DynamicRecord<lamplight_client::dynamic::Person>>();
    let _ = traits::<Never>;
    assert_eq!(
        lamplight_client::urlencode("a b"),
        lamplight_core::urlencode("a b")
    );
    assert_eq!(
        lamplight_client::find_html_tag("<b>x</b>"),
        lamplight_core::find_html_tag("<b>x</b>")
    );
    let _ = lamplight_client::schema::wire_name("How did you hear");
    let _ = lamplight_client::response::lenient::uint::<serde_json::Value>;
}

/// An option enum implemented by hand, naming the traits only through `lamplight_client`.
enum Never {}

impl lamplight_client::LamplightOption for Never {
    const OPTIONS: &'static [lamplight_client::OptionInfo] = &[];
    fn option(&self) -> &'static lamplight_client::OptionInfo {
        match *self {}
    }
    fn from_label(_: &str) -> Option<Self> {
        None
    }
}

impl lamplight_client::FieldValue for Never {
    const KIND: lamplight_client::ValueKind = lamplight_client::ValueKind::Select(&[]);
    fn write(
        &self,
        _: &mut lamplight_client::FieldWriter<'_>,
    ) -> Result<(), lamplight_client::EncodeError> {
        match *self {}
    }
}
