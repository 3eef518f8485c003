from dcsim.cli import main

raise SystemExit(main())
