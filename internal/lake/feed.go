package lake

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"time"

	"wecomadmin/internal/store"
)

const (
	dayMS = int64(24 * time.Hour / time.Millisecond)
	// feedLag is how long after midnight UTC a day counts as complete
	// (messages reach the archive minutes late).
	feedLag = time.Hour
	// feedDaysPerRun bounds one run's catch-up of a compliance feed.
	feedDaysPerRun = 31
)

// feedCompliance writes the corp's continuous compliance feeds: every
// complete UTC day after the feed's watermark, one selection per day, the
// watermark moved after each day (so a failure repeats only that day).
func (s *Service) feedCompliance(ctx context.Context, corpID string) ([]ComplianceResult, error) {
	set, err := s.st.GetLakeSettings(ctx, corpID)
	if err != nil {
		return nil, err
	}
	var formats []string
	_ = json.Unmarshal([]byte(set.ComplianceFormats), &formats)
	if len(formats) == 0 {
		return nil, nil
	}
	marks, err := s.st.LakeWatermarks(ctx, corpID)
	if err != nil {
		return nil, err
	}
	end := s.now().Add(-feedLag).UnixMilli() / dayMS * dayMS // start of the newest complete day's successor
	var out []ComplianceResult
	var failed error
	for _, f := range formats {
		name := "compliance:" + f
		for d, n := marks[name].Watermark, 0; d < end && n < feedDaysPerRun; d, n = d+dayMS, n+1 {
			// Skip to the day of the next message (days without any write nothing).
			next, err := s.st.LakeMessages(ctx, corpID, 0, math.MaxInt64, d, 0, 1)
			if err != nil {
				return out, err
			}
			if len(next) == 0 || next[0].MsgTime >= end {
				if err := s.st.SetLakeWatermark(ctx, store.LakeWatermark{CorpID: corpID, Table: name, Watermark: end}); err != nil {
					return out, err
				}
				break
			}
			d = next[0].MsgTime / dayMS * dayMS
			res, err := s.ExportCompliance(ctx, ComplianceRequest{CorpID: corpID, Format: f,
				From: time.UnixMilli(d).UTC(), To: time.UnixMilli(d + dayMS).UTC()})
			if err != nil {
				failed = errors.Join(failed, err)
				break
			}
			if res.Messages > 0 {
				out = append(out, res)
			}
			if err := s.st.SetLakeWatermark(ctx, store.LakeWatermark{CorpID: corpID, Table: name, Watermark: d + dayMS}); err != nil {
				return out, err
			}
		}
	}
	return out, failed
}
