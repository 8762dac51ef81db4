use lamplight::LamplightOption;

#[derive(LamplightOption)]
enum HeardVia {
    #[lamplight(rename = "")]
    Website,
}

fn main() {}
