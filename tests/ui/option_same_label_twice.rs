use lamplight::LamplightOption;

#[derive(LamplightOption)]
enum HeardVia {
    #[lamplight(rename = "Website")]
    Web,
    Website,
}

fn main() {}
