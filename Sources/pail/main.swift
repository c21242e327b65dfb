import PailServer
PailCommand.main()
