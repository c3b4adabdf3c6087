-- wrk: request each path of the file named by WRK_PATHS in turn (the same URLs flytrap and boto3 HEAD).
-- GET, not HEAD: wrk's parser waits for Content-Length bytes after a HEAD answer and never completes one. The
-- objects are 10-15 bytes and nginx's 404 page 153, so a GET costs what a HEAD does to within a packet.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
