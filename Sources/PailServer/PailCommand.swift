// Placeholder until the CLI lands.
public enum PailCommand { public static func main() {} }
