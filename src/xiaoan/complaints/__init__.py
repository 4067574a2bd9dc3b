"""12345 hotline work orders (工单): import, and later classify, dispatch, close, stats."""
