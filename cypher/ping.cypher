// Is the database answering?
RETURN 1 AS ok
