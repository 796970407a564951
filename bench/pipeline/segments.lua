-- wrk script for scripts/bench segments: every connection rotates over a list of segment
-- paths, so the load is spread over all the files as a player population's would be.
--   wrk … -s segments.lua URL -- PATHS_FILE PREFIX
-- PATHS_FILE holds one path per line, relative to PREFIX ("/media/videos/ID/hls/1080p/"
-- for Marquee, "/videos/ID/hls/1080p/" for nginx, whose root is Marquee's blob directory).
local paths = {}
local next_index = 1

function init(args)
  local file, prefix = args[1], args[2] or "/"
  for line in io.lines(file) do
    if line ~= "" then paths[#paths + 1] = prefix .. line end
  end
  if #paths == 0 then error("no paths in " .. tostring(file)) end
  -- Threads start at different places in the list.
  next_index = (wrk.thread and tonumber(tostring(wrk.thread):match("0x(%x+)") or "0", 16) or 0) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end
