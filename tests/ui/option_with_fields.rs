use lamplight::LamplightOption;

#[derive(LamplightOption)]
enum HeardVia {
    Website,
    Other(String),
}

fn main() {}
