"""Monthly figures imported from the business system (Treserva, Viva…), each import kept."""
