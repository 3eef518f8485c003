"""The rules of the contract, free of HTTP: services take plain values and raise dcsim.errors.ApiError."""
