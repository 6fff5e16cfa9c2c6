package app

import (
	"encoding/json"
	"fmt"
)

// dataInfoURL is the server's list of datasets (a file on a static site).
const dataInfoURL = "/data/info"

// dataInfo is the part of the server's /data/info (cmd/serve) the page
// reads: which datasets it offers.
type dataInfo struct {
	Datasets []struct {
		Name      string `json:"name"`
		Available bool   `json:"available"`
		Reason    string `json:"reason"`
		Hint      string `json:"hint"`
		Size      int64  `json:"size"`
	} `json:"datasets"`
}

// parseDataInfo returns what an answer of /data/info says of the full set
// name ("cifar" or "fashion"). Any failure means "not available", with the
// reason.
func parseDataInfo(status int, body string, err error, name string) serverDataset {
	switch {
	case err != nil:
		return serverDataset{known: true, reason: "the server cannot be reached (" + err.Error() + ")"}
	case status != 200:
		return serverDataset{known: true, reason: fmt.Sprintf("the server answered /data/info with HTTP %d", status)}
	}
	var info dataInfo
	if err := json.Unmarshal([]byte(body), &info); err != nil {
		return serverDataset{known: true, reason: "the server's /data/info cannot be read"}
	}
	for _, d := range info.Datasets {
		if d.Name == name {
			reason := d.Reason
			if !d.Available && reason == "" {
				reason = "the server does not offer it"
			}
			return serverDataset{known: true, available: d.Available, reason: reason, hint: d.Hint, size: d.Size}
		}
	}
	return serverDataset{known: true, reason: "the server does not offer it"}
}
