from netnotes.cli.main import main

main()
