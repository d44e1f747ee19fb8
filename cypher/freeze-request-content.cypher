// A freeze request file's content (base64 text).
// $key: "<request id>/<file name>"
MATCH (f:FreezeRequestFile {key: $key})
RETURN f.content AS content
