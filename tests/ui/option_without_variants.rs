use lamplight::LamplightOption;

#[derive(LamplightOption)]
enum HeardVia {}

fn main() {}
