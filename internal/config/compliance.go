package config

import (
	"fmt"
	"time"
)

// Compliance holds boot-time limits on conversation records that runtime
// settings edited in the UI cannot lower.
type Compliance struct {
	// RetentionFloorDays is the shortest retention rule accepted.
	RetentionFloorDays int `yaml:"retention_floor_days"`
	// ExportTTL is how long an export stays downloadable, unless the corp's
	// export_ttl_days setting says otherwise.
	ExportTTL Duration `yaml:"export_ttl"`
	// PDFVolumeMessages is the number of messages per PDF transcript volume.
	PDFVolumeMessages int `yaml:"pdf_volume_messages"`
}

func complianceDefaults() Compliance {
	return Compliance{RetentionFloorDays: 180, ExportTTL: Duration(7 * 24 * time.Hour), PDFVolumeMessages: 5000}
}

func (c Compliance) validate() error {
	switch {
	case c.RetentionFloorDays < 1:
		return fmt.Errorf("config: compliance.retention_floor_days must be at least 1")
	case c.ExportTTL < Duration(time.Hour):
		return fmt.Errorf("config: compliance.export_ttl must be at least 1h")
	case c.PDFVolumeMessages < 100 || c.PDFVolumeMessages > 50000:
		return fmt.Errorf("config: compliance.pdf_volume_messages must be between 100 and 50000")
	}
	return nil
}
