use lamplight::LamplightOption;

#[derive(LamplightOption)]
enum HeardVia {
    #[lamplight(rename = "<b>Website</b>")]
    Website,
}

fn main() {}
