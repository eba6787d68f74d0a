import CycleLintCLI
CycleLintMain.main()
