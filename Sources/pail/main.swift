PailCLI.main()
