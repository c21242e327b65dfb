PailCLI.main(AccessLogArgument.rewrite(Array(CommandLine.arguments.dropFirst())))
